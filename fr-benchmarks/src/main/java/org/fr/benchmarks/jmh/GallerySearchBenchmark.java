package org.fr.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import org.fr.Embedding;
import org.fr.gallery.FlatGallery;
import org.fr.gallery.VectorStore;
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
import org.openjdk.jmh.infra.Blackhole;

/** How long does an exact top-10 search take, by gallery size and store? */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms12g", "-Xmx12g", "--add-modules", "jdk.incubator.vector"})
public class GallerySearchBenchmark {
    @Param({"1000", "10000", "100000", "1000000"})
    public int rows;

    @Param({"FLOAT32", "INT8"})
    public VectorStore store;

    @Param({"512"})
    public int dimension;

    private FlatGallery gallery;
    private Embedding probe;

    @Setup
    public void setUp() {
        gallery = RandomGalleries.gallery(rows, dimension, store, 42);
        probe = RandomGalleries.probe(42, dimension);
    }

    @TearDown
    public void tearDown() {
        gallery.close();
    }

    @Benchmark
    public void top10(Blackhole bh) {
        bh.consume(gallery.search(probe, 10));
    }
}
