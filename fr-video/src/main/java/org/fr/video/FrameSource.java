package org.fr.video;

/**
 * A stream of frames: a video file, a camera, a network stream or a folder of images (see {@link VideoSources}).
 * Not thread-safe: one thread reads it. Holds decoders and files, so close it.
 */
public interface FrameSource extends AutoCloseable {
    /** What is being read, for messages (a path, a URL, {@code camera 0}). */
    String description();

    /** Frames per second the source declares, or 0 when it declares none (folders, some live streams). */
    double frameRate();

    /**
     * The next frame, or {@code null} at the regular end of the stream.
     *
     * @throws VideoSourceException when the source fails or turns out to be cut off; the frames returned before
     *                              stay valid
     */
    VideoFrame next();

    @Override
    void close();
}
