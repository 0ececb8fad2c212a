package org.fr.benchmarks.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

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
 * The memory-bandwidth baseline for {@link GallerySearchBenchmark}: one plain sequential pass (a single-threaded
 * sum) over the same number of float32 bytes as a gallery of {@code rows} x {@code dimension}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms4g", "-Xmx4g"})
public class SequentialPassBenchmark {
    @Param({"1000", "10000", "100000", "1000000"})
    public int rows;

    @Param({"512"})
    public int dimension;

    private float[] data;

    @Setup
    public void setUp() {
        data = new float[rows * dimension];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < data.length; i++) data[i] = (float) r.nextDouble();
    }

    @Benchmark
    public float pass() {
        float a = 0, b = 0, c = 0, d = 0;
        float[] x = data;
        int n = x.length - 3, i = 0;
        for (; i < n; i += 4) {
            a += x[i];
            b += x[i + 1];
            c += x[i + 2];
            d += x[i + 3];
        }
        for (; i < x.length; i++) a += x[i];
        return a + b + c + d;
    }
}
