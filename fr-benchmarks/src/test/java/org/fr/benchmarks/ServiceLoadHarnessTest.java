package org.fr.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.fr.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small run of the service load harness (4 clients, 60 Identify calls; 4 Enroll streams of 8 faces): no call
 * fails, and every enrolled face is held afterwards and after a restart. The full load (16 clients, 2,000 calls;
 * 16 streams of 100 faces) and its latency figures are the documented command, fr-benchmarks/run-load-harness.sh.
 */
class ServiceLoadHarnessTest {
    @TempDir
    Path dir;

    @Test
    void smallLoadHasNoErrorsAndKeepsEveryEnrolment() throws Exception {
        ServiceLoadHarness.Result r = ServiceLoadHarness.run(TestData.root(), dir, 4, 60, 4, 8, 2);
        System.out.println(r.enroll().json());
        System.out.println(r.identify().json());
        System.out.println(r.localIdentify().json());
        assertThat(r.identify().errors()).isZero();
        assertThat(r.identify().latenciesMs()).hasSize(60);
        assertThat(r.localIdentify().errors()).isZero();
        assertThat(r.identifyThroughputRatio()).isPositive();
        assertThat(r.enroll().errors()).isZero();
        assertThat(r.enrolled()).isEqualTo(32);
        assertThat(r.heldAfterEnrol()).isEqualTo(32);
        assertThat(r.heldAfterRestart()).isEqualTo(32);
    }
}
