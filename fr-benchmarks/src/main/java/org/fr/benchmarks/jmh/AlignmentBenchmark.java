package org.fr.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import org.fr.AlignedFace;
import org.fr.FaceAligner;
import org.fr.Landmarks;
import org.fr.Resampler;
import org.fr.RgbImage;
import org.fr.benchmarks.data.TestFrames;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long does aligning one face to the 112x112 ArcFace template take ({@link FaceAligner#align}: similarity
 * estimate and bilinear warp)? No network is involved; the baseline is the cheapest way to get any 112x112 crop
 * out of the frame ({@code cropResize}: {@link Resampler} crop and resize), so the ratio shows what the rotation
 * costs. The landmarks are those of a frontal face at half the frame's height.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class AlignmentBenchmark {
    @Param({"640x480"})
    public String frame;

    private RgbImage image;
    private Landmarks landmarks;
    private int x, y, side;

    @Setup
    public void setUp() {
        image = TestFrames.compose(frame, 1);
        side = image.height() / 2;
        x = (image.width() - side) / 2;
        y = (image.height() - side) / 2;
        // the ArcFace template scaled onto the pasted face tile, rotated by 10 degrees
        double s = side / 112.0, a = Math.toRadians(10), cos = Math.cos(a), sin = Math.sin(a);
        float[] xy = new float[10];
        for (int i = 0; i < 5; i++) {
            double px = (FaceAligner.ARCFACE_TEMPLATE.get(i).x() - 56) * s, py = (FaceAligner.ARCFACE_TEMPLATE.get(i).y() - 56) * s;
            xy[2 * i] = (float) (x + side / 2.0 + cos * px - sin * py);
            xy[2 * i + 1] = (float) (y + side / 2.0 + sin * px + cos * py);
        }
        landmarks = Landmarks.of(xy);
    }

    @Benchmark
    public AlignedFace align() {
        return FaceAligner.align(image, landmarks);
    }

    @Benchmark
    public RgbImage cropResize() {
        return Resampler.resize(Resampler.crop(image, x, y, side, side), AlignedFace.SIZE, AlignedFace.SIZE);
    }
}
