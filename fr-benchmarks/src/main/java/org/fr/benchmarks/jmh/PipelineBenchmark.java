package org.fr.benchmarks.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.fr.FaceRecognizer;
import org.fr.RecognizedFace;
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
 * How long does the whole pipeline take per photo: detect, landmarks, align and embed every face
 * ({@link FaceRecognizer#recognizeAll}), by detector and embedder? {@code rawModel} replays every model run of
 * the same call as bare onnxruntime calls ({@link ModelCalls}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class PipelineBenchmark {
    @Param({"ultraface"})
    public String detector;

    @Param({"arcface"})
    public String embedder;

    @Param({"640x480"})
    public String frame;

    @Param({"1"})
    public int faces;

    private FaceRecognizer fr;
    private RgbImage image;
    private ModelCalls raw;

    @Setup
    public void setUp() {
        fr = FaceRecognizer.builder().detector(detector).embedder(embedder).threads(1).build();
        image = TestFrames.compose(frame, faces);
        raw = ModelCalls.record(() -> fr.recognizeAll(image));
    }

    @TearDown
    public void tearDown() {
        raw.close();
        fr.close();
    }

    @Benchmark
    public List<RecognizedFace> recognizeAll() {
        return fr.recognizeAll(image);
    }

    @Benchmark
    public long rawModel() {
        if (raw.count() == 0) throw new UnsupportedOperationException("no ONNX model runs: no raw baseline");
        return raw.replay();
    }
}
