package org.fr.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.fr.TestData;
import org.junit.jupiter.api.Test;

/**
 * Runs the memory harness for 2,000 detect+align+embed iterations (the full 10,000 is the documented command) and
 * checks that resident memory after warm-up stays flat: the second half's peak at most 40 MiB above the first
 * half's. A leak of one unclosed onnxruntime input tensor per call (1x3x240x320 floats, 900 KiB) would add about
 * 800 MiB between the halves.
 */
class EmbeddingMemoryHarnessTest {
    @Test
    void residentMemoryStaysFlat() throws Exception {
        Path img = TestData.root().resolve("people/photos/lennon-1.jpg");
        EmbeddingMemoryHarness.Result r = EmbeddingMemoryHarness.run(img, 2_000, false);
        System.out.printf("RSS peak first half %.1f MiB, second half %.1f MiB, growth %.1f MiB%n",
                r.firstHalfPeakMib(), r.secondHalfPeakMib(), r.peakGrowthMib());
        assertThat(r.samples()).hasSize(20);
        assertThat(r.firstHalfPeakMib()).isPositive();
        assertThat(r.peakGrowthMib()).isLessThan(40.0);
    }
}
