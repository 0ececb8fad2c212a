package org.fr.video;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.fr.RgbImage;

/**
 * Decodes a video file, a network stream (RTSP, HTTP ...) or a V4L2 camera with FFmpeg (JavaCV's
 * {@code FFmpegFrameGrabber}), converting every frame to RGB. A file or stream that declares its duration and ends
 * more than two frame intervals short of it is reported as truncated ({@link VideoSourceException#badInput()}
 * true); a camera that stops delivering frames is reported as gone (false). FFmpeg's own log is silenced so that
 * errors reach the caller as one exception with one message.
 *
 * <p>Not thread-safe; close it.
 */
public final class FfmpegFrameSource implements FrameSource {
    static {
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
    }

    private final String description;
    private final boolean live;
    private final boolean file;
    private final FFmpegFrameGrabber grabber;
    private final double frameRate;
    private final long declaredMicros;
    private long index;
    private long firstMicros = Long.MIN_VALUE;
    private double lastMs = -1;
    private boolean failed;

    private FfmpegFrameSource(String description, FFmpegFrameGrabber grabber, boolean live, boolean file) {
        this.description = description;
        this.grabber = grabber;
        this.live = live;
        this.file = file;
        grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly();
            throw new VideoSourceException(description, "cannot open: " + reason(e), file, e);
        }
        if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            closeQuietly();
            throw new VideoSourceException(description, "has no video stream", file);
        }
        this.frameRate = grabber.getFrameRate() > 0 && Double.isFinite(grabber.getFrameRate()) ? grabber.getFrameRate() : 0;
        this.declaredMicros = live ? 0 : Math.max(0, grabber.getLengthInTime());
    }

    /** A video file (any container and codec the bundled FFmpeg reads). */
    public static FfmpegFrameSource file(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new VideoSourceException(file.toString(), Files.exists(file) ? "is not a regular file" : "no such file", true);
        }
        return new FfmpegFrameSource(file.toString(), new FFmpegFrameGrabber(file.toFile()), false, true);
    }

    /** A network stream or anything else FFmpeg opens by URL. */
    public static FfmpegFrameSource url(String url) {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(url);
        if (url.startsWith("rtsp:")) g.setOption("rtsp_transport", "tcp");
        return new FfmpegFrameSource(url, g, url.startsWith("rtsp:"), false);
    }

    /** Camera {@code n}: the V4L2 device {@code /dev/videoN}. */
    public static FfmpegFrameSource camera(int n) {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber("/dev/video" + n);
        g.setFormat("video4linux2");
        return new FfmpegFrameSource("camera " + n + " (/dev/video" + n + ")", g, true, false);
    }

    @Override
    public String description() { return description; }

    @Override
    public double frameRate() { return frameRate; }

    /** Frame width in pixels. */
    public int width() { return grabber.getImageWidth(); }

    /** Frame height in pixels. */
    public int height() { return grabber.getImageHeight(); }

    @Override
    public VideoFrame next() {
        if (failed) throw new IllegalStateException(description + ": already failed");
        Frame f;
        try {
            f = grabber.grabImage();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            failed = true;
            throw new VideoSourceException(description, "failed after " + index + " frames: " + reason(e), file, e);
        }
        if (f == null || f.image == null) {
            checkComplete();
            return null;
        }
        if (firstMicros == Long.MIN_VALUE) firstMicros = f.timestamp;
        double ms = (f.timestamp - firstMicros) / 1000.0;
        lastMs = ms;
        return new VideoFrame(index++, ms, toRgb(f));
    }

    /** At the end of the stream: fails if a camera stopped, or if a stream of known length was cut short. */
    private void checkComplete() {
        if (live) {
            failed = true;
            throw new VideoSourceException(description, "stopped delivering frames after " + index + " frames (disconnected?)", false);
        }
        if (declaredMicros <= 0) return;
        double interval = frameRate > 0 ? 1000.0 / frameRate : 40.0;
        double declaredMs = declaredMicros / 1000.0;
        double seen = index == 0 ? 0 : lastMs + interval;
        if (seen + 2 * interval < declaredMs) {
            failed = true;
            throw new VideoSourceException(description, String.format(java.util.Locale.ROOT,
                    "truncated: the stream ends after %d frames (%.0f ms) but declares %.0f ms", index, seen, declaredMs), file);
        }
    }

    private static RgbImage toRgb(Frame f) {
        int w = f.imageWidth, h = f.imageHeight, stride = f.imageStride;
        ByteBuffer buf = (ByteBuffer) f.image[0];
        byte[] out = new byte[w * h * 3];
        int row = w * 3;
        if (stride == row) {
            buf.duplicate().position(0).get(out, 0, out.length);
        } else {
            ByteBuffer b = buf.duplicate();
            for (int y = 0; y < h; y++) {
                b.position(y * stride);
                b.get(out, y * row, row);
            }
        }
        return new RgbImage(w, h, out);
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        return (m == null ? e.getClass().getSimpleName() : m).replace('\n', ' ');
    }

    private void closeQuietly() {
        try {
            grabber.close();
        } catch (Exception ignored) {
            // already failing
        }
    }

    @Override
    public void close() {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception e) {
            throw new VideoSourceException(description, "cannot close: " + reason(e), false, e);
        }
    }
}
