package org.fr.benchmarks.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.fr.BoundingBox;
import org.fr.RgbImage;
import org.fr.benchmarks.data.TestFrames;
import org.fr.benchmarks.peers.HaarCascadePeer;
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
 * The Haar cascade peer ({@link HaarCascadePeer}) on the same frames as {@link DetectionBenchmark}, in the same
 * run, so that detector latencies can be read as ratios against it. OpenCV runs single-threaded here
 * ({@code Core.setNumThreads(1)}), like the detectors.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class HaarPeerBenchmark {
    @Param({"320x240", "640x480", "1280x720"})
    public String frame;

    @Param({"1", "10"})
    public int faces;

    private HaarCascadePeer haar;
    private RgbImage image;

    @Setup
    public void setUp() {
        haar = new HaarCascadePeer();
        org.opencv.core.Core.setNumThreads(1);
        image = TestFrames.compose(frame, faces);
    }

    @Benchmark
    public List<BoundingBox> detect() {
        return haar.detect(image);
    }
}
