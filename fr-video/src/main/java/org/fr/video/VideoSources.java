package org.fr.video;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a source from one string, as the command line takes it: a folder (of frames, at {@code folderFps}), a
 * camera index ({@code 0}, {@code 1} ...: {@code /dev/videoN}), a URL with a scheme ({@code rtsp://},
 * {@code http://} ...), or else a video file. Stateless and thread-safe.
 */
public final class VideoSources {
    private VideoSources() {}

    /** Opens {@code spec}; a folder of frames is taken at 25 fps. */
    public static FrameSource open(String spec) { return open(spec, 25); }

    public static FrameSource open(String spec, double folderFps) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("empty video source");
        if (spec.matches("\\d{1,3}")) return FfmpegFrameSource.camera(Integer.parseInt(spec));
        if (spec.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*")) return FfmpegFrameSource.url(spec);
        Path p = Path.of(spec);
        if (Files.isDirectory(p)) return new FolderFrameSource(p, folderFps);
        return FfmpegFrameSource.file(p);
    }
}
