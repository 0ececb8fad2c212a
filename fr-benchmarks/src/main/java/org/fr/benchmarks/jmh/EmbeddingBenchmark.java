package org.fr.benchmarks.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.fr.AlignedFace;
import org.fr.Components;
import org.fr.Embedding;
import org.fr.FaceEmbedder;
import org.fr.benchmarks.data.AlignedFaces;
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
 * How long does one embedder take per call, for one face and for a batch of 8 ({@code embedAll}, which runs one
 * model call where the model's batch dimension is dynamic), and how much of it is the network? {@code rawModel}
 * replays the model runs of the same call as bare onnxruntime calls ({@link ModelCalls}). Per face = score / batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class EmbeddingBenchmark {
    @Param({"arcface"})
    public String embedder;

    @Param({"1", "8"})
    public int batch;

    private FaceEmbedder e;
    private List<AlignedFace> faces;
    private ModelCalls raw;

    @Setup
    public void setUp() {
        e = Components.embedder(embedder, Settings.singleThread());
        faces = new ArrayList<>(AlignedFaces.lfw(batch));
        raw = ModelCalls.record(() -> e.embedAll(faces));
    }

    @TearDown
    public void tearDown() {
        raw.close();
        e.close();
    }

    @Benchmark
    public List<Embedding> embed() {
        return e.embedAll(faces);
    }

    @Benchmark
    public long rawModel() {
        if (raw.count() == 0) throw new UnsupportedOperationException(embedder + " runs no ONNX model: no raw baseline");
        return raw.replay();
    }
}
