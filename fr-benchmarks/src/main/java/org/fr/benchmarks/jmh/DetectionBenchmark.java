package org.fr.benchmarks.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.fr.Components;
import org.fr.DetectedFace;
import org.fr.FaceDetector;
import org.fr.RgbImage;
import org.fr.benchmarks.data.TestFrames;
import org.fr.onnx.ModelCalls;
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
 * How long does one detector take on one frame, by frame size and number of faces, and how much of that is the
 * network itself? {@code detect} is the public call (preprocessing, every model run it makes, decoding, NMS,
 * landmarks); {@code rawModel} replays exactly the model runs that call made on this frame as bare onnxruntime
 * calls on prebuilt inputs ({@link ModelCalls}). Overhead = detect / rawModel. Detectors are found by name
 * ({@code -p detector=...}); one without ONNX models has no {@code rawModel} figure (it throws).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class DetectionBenchmark {
    @Param({"ultraface"})
    public String detector;

    @Param({"320x240", "640x480", "1280x720"})
    public String frame;

    @Param({"1", "10"})
    public int faces;

    private FaceDetector d;
    private RgbImage image;
    private ModelCalls raw;

    @Setup
    public void setUp() {
        d = Components.detector(detector, Settings.singleThread());
        image = TestFrames.compose(frame, faces);
        raw = ModelCalls.record(() -> d.detect(image));
    }

    @TearDown
    public void tearDown() {
        raw.close();
        d.close();
    }

    @Benchmark
    public List<DetectedFace> detect() {
        return d.detect(image);
    }

    @Benchmark
    public long rawModel() {
        if (raw.count() == 0) throw new UnsupportedOperationException(detector + " runs no ONNX model: no raw baseline");
        return raw.replay();
    }
}
