package org.fr.video;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;
import org.fr.RgbImage;

/**
 * Writes RGB frames as an H.264 video (OpenH264 encoder of the bundled FFmpeg, YUV 4:2:0) in the container the file
 * name implies ({@code .mp4}, {@code .mkv}, {@code .avi} ...). MP4 files get their index at the front
 * ({@code faststart}), so a copy cut short is still readable up to the cut. Every frame must have the size given at
 * construction. Not thread-safe; close it to finish the file.
 */
public final class H264Writer implements AutoCloseable {
    /** The H.264 encoder of the bundled FFmpeg build (Cisco's OpenH264, BSD-2-Clause). */
    public static final String ENCODER = "libopenh264";

    private final Path file;
    private final int width, height;
    private final FFmpegFrameRecorder recorder;
    private final Frame frame;

    /**
     * @param fps      frames per second written into the stream's timing
     * @param bitrate  target bits per second
     */
    public H264Writer(Path file, int width, int height, double fps, int bitrate) {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("H.264 (4:2:0) needs a positive even frame size: " + width + "x" + height);
        }
        if (!(fps > 0)) throw new IllegalArgumentException("fps must be positive: " + fps);
        this.file = file;
        this.width = width;
        this.height = height;
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
        recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
        recorder.setVideoCodecName(ENCODER);
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setVideoBitrate(bitrate);
        recorder.setGopSize((int) Math.max(1, Math.round(fps)));
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".mp4") || name.endsWith(".mov")) recorder.setOption("movflags", "+faststart");
        try {
            recorder.start();
        } catch (FrameRecorder.Exception | RuntimeException e) {
            try {
                recorder.release();
            } catch (Exception ignored) {
                // already failing
            }
            throw new VideoSourceException(file.toString(), "cannot start the H.264 encoder: " + e.getMessage(), false, e);
        }
        frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
    }

    /** Encodes one frame (of the writer's size). */
    public void write(RgbImage image) {
        if (image.width() != width || image.height() != height) {
            throw new IllegalArgumentException(file + ": frame is " + image.width() + "x" + image.height()
                    + ", the video is " + width + "x" + height);
        }
        ByteBuffer buf = (ByteBuffer) frame.image[0];
        int row = width * 3, stride = frame.imageStride;
        byte[] px = image.pixels();
        for (int y = 0; y < height; y++) {
            buf.position(y * stride);
            buf.put(px, y * row, row);
        }
        buf.position(0);
        try {
            recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
        } catch (FrameRecorder.Exception e) {
            throw new VideoSourceException(file.toString(), "cannot encode a frame: " + e.getMessage(), false, e);
        }
    }

    @Override
    public void close() {
        try {
            recorder.close();
        } catch (FrameRecorder.Exception e) {
            throw new VideoSourceException(file.toString(), "cannot finish the video: " + e.getMessage(), false, e);
        } finally {
            frame.close();
        }
    }
}
