package org.fr.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.fr.ImageDecoder;
import org.fr.InvalidImageException;

/**
 * A folder of still frames (.jpg, .jpeg, .png, .bmp, not hidden, not in sub-folders) read in file-name order, frame
 * {@code i} stamped {@code i * 1000 / fps} ms. An unreadable image ends the stream with a
 * {@link VideoSourceException} (bad input) after the frames before it. Not thread-safe.
 */
public final class FolderFrameSource implements FrameSource {
    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp");

    private final Path folder;
    private final List<Path> files;
    private final double fps;
    private int index;

    /** @param fps the frame rate the frames were taken at (for timestamps and {@code maxFps}) */
    public FolderFrameSource(Path folder, double fps) {
        if (!(fps > 0)) throw new IllegalArgumentException("fps must be positive: " + fps);
        if (!Files.isDirectory(folder)) throw new VideoSourceException(folder.toString(), "is not a folder", true);
        this.folder = folder;
        this.fps = fps;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(FolderFrameSource::isFrame).sorted().toList();
        } catch (IOException e) {
            throw new VideoSourceException(folder.toString(), "cannot list: " + e.getMessage(), true, e);
        }
        if (files.isEmpty()) throw new VideoSourceException(folder.toString(), "holds no .jpg, .jpeg, .png or .bmp frame", true);
    }

    private static boolean isFrame(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return !n.startsWith(".") && dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT))
                && Files.isRegularFile(p);
    }

    @Override
    public String description() { return folder.toString(); }

    @Override
    public double frameRate() { return fps; }

    /** Number of frame files found. */
    public int size() { return files.size(); }

    @Override
    public VideoFrame next() {
        if (index >= files.size()) return null;
        Path p = files.get(index);
        try {
            VideoFrame f = new VideoFrame(index, index * 1000.0 / fps, ImageDecoder.read(p));
            index++;
            return f;
        } catch (InvalidImageException e) {
            throw new VideoSourceException(folder.toString(), "frame " + index + " unreadable: " + e.getMessage(), true, e);
        }
    }

    @Override
    public void close() {}
}
