package org.fr.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.fr.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled FFmpeg writes H.264 and reads it back; a cut-off file is reported as truncated, after its frames. */
class H264RoundTripTest {
    private static final int W = 160, H = 120, FRAMES = 50;

    @TempDir
    Path dir;

    /** A moving gradient with a bright square: smooth enough for the encoder, different on every frame. */
    static RgbImage pattern(int t) {
        byte[] px = new byte[W * H * 3];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int o = (y * W + x) * 3;
                boolean square = x >= 10 + 2 * t && x < 40 + 2 * t && y >= 40 && y < 70;
                px[o] = (byte) (square ? 240 : x);
                px[o + 1] = (byte) (square ? 240 : y * 2);
                px[o + 2] = (byte) (square ? 240 : 128);
            }
        }
        return new RgbImage(W, H, px);
    }

    private Path write(String name) {
        Path file = dir.resolve(name);
        try (H264Writer w = new H264Writer(file, W, H, 25, 800_000)) {
            for (int t = 0; t < FRAMES; t++) w.write(pattern(t));
        }
        return file;
    }

    static double psnr(RgbImage a, RgbImage b) {
        double se = 0;
        byte[] pa = a.pixels(), pb = b.pixels();
        for (int i = 0; i < pa.length; i++) {
            double d = (pa[i] & 0xFF) - (pb[i] & 0xFF);
            se += d * d;
        }
        double mse = se / pa.length;
        return 10 * Math.log10(255.0 * 255.0 / Math.max(mse, 1e-9));
    }

    @Test
    void writesAndReadsBackEveryFrame() {
        Path file = write("clip.mp4");
        List<VideoFrame> frames = new ArrayList<>();
        try (FfmpegFrameSource src = FfmpegFrameSource.file(file)) {
            assertThat(src.width()).isEqualTo(W);
            assertThat(src.height()).isEqualTo(H);
            assertThat(src.frameRate()).isEqualTo(25.0, org.assertj.core.data.Offset.offset(0.01));
            for (VideoFrame f; (f = src.next()) != null; ) frames.add(f);
        }
        assertThat(frames).hasSize(FRAMES);
        for (int i = 0; i < FRAMES; i++) {
            VideoFrame f = frames.get(i);
            assertThat(f.index()).isEqualTo(i);
            assertThat(f.timestampMs()).isCloseTo(i * 40.0, org.assertj.core.data.Offset.offset(1.0));
            // Lossy, but close to the original: 30 dB is a clearly recognisable picture.
            assertThat(psnr(f.image(), pattern(i))).as("PSNR of frame %d", i).isGreaterThan(30);
        }
    }

    @Test
    void aTruncatedFileDeliversItsFramesThenFailsAsBadInput() throws IOException {
        Path file = write("clip.mp4");
        byte[] all = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.mp4");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        int got = 0;
        try (FfmpegFrameSource src = FfmpegFrameSource.file(cut)) {
            VideoSourceException failure = null;
            try {
                while (src.next() != null) got++;
            } catch (VideoSourceException e) {
                failure = e;
            }
            assertThat(failure).as("a truncated file must not end like a complete one").isNotNull();
            assertThat(failure.badInput()).isTrue();
            assertThat(failure.getMessage()).startsWith(cut.toString()).contains("truncated").doesNotContain("\n");
        }
        assertThat(got).isBetween(5, FRAMES - 5);
    }

    @Test
    void aUrlGoesThroughFfmpegsProtocols() {
        Path file = write("clip.mkv");
        int n = 0;
        try (FrameSource src = VideoSources.open(file.toUri().toString())) {
            assertThat(src).isInstanceOf(FfmpegFrameSource.class);
            assertThat(src.description()).startsWith("file:");
            for (VideoFrame f; (f = src.next()) != null; n++) assertThat(psnr(f.image(), pattern(n))).isGreaterThan(30);
        }
        assertThat(n).isEqualTo(FRAMES);
    }

    @Test
    void aMissingFileIsBadInput() {
        assertThatThrownBy(() -> FfmpegFrameSource.file(dir.resolve("none.mp4")))
                .isInstanceOf(VideoSourceException.class).hasMessageContaining("no such file")
                .matches(e -> ((VideoSourceException) e).badInput());
    }

    @Test
    void aFileThatIsNoVideoIsBadInput() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.mp4"), "not a video at all");
        assertThatThrownBy(() -> FfmpegFrameSource.file(junk))
                .isInstanceOf(VideoSourceException.class).hasMessageStartingWith(junk + ": cannot open")
                .matches(e -> ((VideoSourceException) e).badInput());
    }
}
