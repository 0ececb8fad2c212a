package org.fr.gallery.io;

import java.nio.file.Path;

import org.fr.gallery.GallerySnapshot;

/**
 * The child process of {@link CrashSafetyTest}: saves versions A and B of a generated gallery to one path, alternately,
 * forever, printing {@code saving X} before and {@code saved X <ms>} after each save, until it is killed.
 *
 * <p>Arguments: file, faces, dimension, first version ({@code A} or {@code B}).
 */
public final class CrashSaver {
    private CrashSaver() {}

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int faces = Integer.parseInt(args[1]);
        int dimension = Integer.parseInt(args[2]);
        boolean a = args[3].equals("A");
        GallerySnapshot versionA = CrashSafetyTest.version("A", faces, dimension).snapshot();
        GallerySnapshot versionB = CrashSafetyTest.version("B", faces, dimension).snapshot();
        System.out.println("ready");
        System.out.flush();
        while (true) {
            String tag = a ? "A" : "B";
            System.out.println("saving " + tag);
            System.out.flush();
            long t0 = System.nanoTime();
            GalleryFiles.save(a ? versionA : versionB, file);
            System.out.println("saved " + tag + " " + (System.nanoTime() - t0) / 1_000_000);
            System.out.flush();
            a = !a;
        }
    }
}
