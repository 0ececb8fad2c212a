package org.fr.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import org.fr.BoundingBox;
import org.fr.Landmarks;
import org.fr.RgbImage;
import org.fr.benchmarks.data.TestFrames;
import org.fr.detect.landmarks.Landmark68;
import org.fr.models.ModelSelection;
import org.fr.onnx.ModelCalls;
import org.fr.onnx.SessionConfig;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long does the separate landmark step take per face ({@link Landmark68}, used by detectors whose network
 * gives no landmarks, e.g. ultraface), and how much of it is the network? The face box is the pasted face tile of
 * a frame; {@code rawModel} replays the same model run on a prebuilt input ({@link ModelCalls}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class LandmarksBenchmark {
    @Param({"640x480"})
    public String frame;

    private Landmark68 landmarks;
    private RgbImage image;
    private BoundingBox box;
    private ModelCalls raw;

    @Setup
    public void setUp() {
        var src = ModelSelection.select(Landmark68.MODEL_ID, Settings.singleThread(), "landmark-model");
        landmarks = new Landmark68(src.id(), src.bytes(), SessionConfig.from(Settings.singleThread()));
        image = TestFrames.compose(frame, 1);
        int side = image.height() / 2;
        float x = (image.width() - side) / 2f, y = (image.height() - side) / 2f;
        // the face inside the pasted head tile (the central 150 px of a 250 px LFW photo)
        box = new BoundingBox(x + side * 0.15f, y + side * 0.15f, x + side * 0.85f, y + side * 0.9f);
        raw = ModelCalls.record(() -> landmarks.predictFive(image, box));
    }

    @TearDown
    public void tearDown() {
        raw.close();
        landmarks.close();
    }

    @Benchmark
    public Landmarks predictFive() {
        return landmarks.predictFive(image, box);
    }

    @Benchmark
    public long rawModel() {
        return raw.replay();
    }
}
