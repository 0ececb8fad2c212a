package org.fr.gallery.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Crash-safe replacement of a file: the new content goes to {@code .<name>.tmp-<random>} in the same directory,
 * is flushed and fsync'ed, then renamed over the target atomically, and the directory is fsync'ed. A reader (or a
 * process that starts after a crash or power loss) sees either the old file or the new one, never a mix. On any
 * failure the temp file is deleted and the target is untouched.
 */
final class AtomicFiles {
    /** Writes the whole content to a fresh channel positioned at 0. */
    @FunctionalInterface
    interface Body {
        void write(FileChannel channel) throws IOException;
    }

    static final String TEMP_MARK = ".tmp-";
    private static final int MAX_NAME_IN_TEMP = 180;

    private AtomicFiles() {}

    /**
     * Replaces {@code file} with what {@code body} writes.
     *
     * @throws GalleryFileException if it could not be written; {@code file} is then as it was
     */
    static void replace(Path file, Body body) {
        Path target = target(file);
        Path dir = target.getParent();
        if (Files.isDirectory(target)) throw new GalleryFileException(file, "cannot save: it is a directory");
        if (!Files.exists(dir)) throw new GalleryFileException(file, "cannot save: directory " + dir + " does not exist");
        if (!Files.isDirectory(dir)) throw new GalleryFileException(file, "cannot save: " + dir + " is not a directory");

        Path tmp = null;
        FileChannel ch = null;
        boolean moved = false;
        try {
            for (int attempt = 0; ; attempt++) {
                tmp = dir.resolve(tempPrefix(target) + Long.toHexString(ThreadLocalRandom.current().nextLong() | 1L << 63));
                try {
                    ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    break;
                } catch (FileAlreadyExistsException e) {
                    tmp = null;
                    if (attempt >= 5) throw e;
                }
            }
            copyPermissions(target, tmp);
            body.write(ch);
            ch.force(true);
            ch.close();
            ch = null;
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            fsyncDirectory(dir);
        } catch (IOException e) {
            throw new GalleryFileException(file, "cannot save: " + describe(e), e);
        } finally {
            if (!moved) {
                if (ch != null) {
                    try { ch.close(); } catch (IOException ignored) { /* the original failure matters */ }
                }
                if (tmp != null) {
                    try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* best effort */ }
                }
            }
        }
    }

    /** Deletes temp files that saves of {@code file} left behind (a crash or kill mid-save) and that are older than {@code olderThan}. */
    static int deleteStaleTemps(Path file, Duration olderThan) {
        Path target = target(file);
        String prefix = tempPrefix(target);
        Instant cutoff = Instant.now().minus(olderThan);
        int deleted = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(target.getParent(), p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : ds) {
                try {
                    FileTime t = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
                    if (t.toInstant().isBefore(cutoff) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(p)) {
                        deleted++;
                    }
                } catch (NoSuchFileException gone) {
                    // removed meanwhile
                }
            }
        } catch (IOException e) {
            throw new GalleryFileException(file, "cannot delete stale temp files: " + describe(e), e);
        }
        return deleted;
    }

    /** {@code .<name>.tmp-}: the temp files of saves of {@code target} start with this. */
    static String tempPrefix(Path target) {
        String name = target.getFileName().toString();
        if (name.length() > MAX_NAME_IN_TEMP) name = name.substring(0, MAX_NAME_IN_TEMP);
        return "." + name + TEMP_MARK;
    }

    /** The absolute path to write; a symbolic link is followed so that the link stays and its target is replaced. */
    private static Path target(Path file) {
        Path abs = file.toAbsolutePath();
        if (abs.getFileName() == null) throw new GalleryFileException(file, "cannot save: not a file name");
        if (Files.isSymbolicLink(abs)) {
            try {
                return abs.toRealPath();
            } catch (IOException dangling) {
                try {
                    return abs.resolveSibling(Files.readSymbolicLink(abs)).toAbsolutePath().normalize();
                } catch (IOException e) {
                    return abs;
                }
            }
        }
        return abs;
    }

    private static void copyPermissions(Path from, Path to) {
        try {
            if (Files.exists(from)) Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // best effort: the new file keeps the default permissions
        }
    }

    /** Makes the rename durable; platforms that cannot open or sync a directory are ignored. */
    private static void fsyncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // e.g. Windows refuses to open directories; the rename is still atomic
        }
    }

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException n) return "no such file or directory: " + n.getFile();
        if (e instanceof AccessDeniedException a) return "permission denied: " + a.getFile();
        if (e instanceof FileSystemException f) {
            String reason = f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
            return reason + ": " + f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "");
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
