package org.fr.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TarAtFarTest {
    /** 2,000 impostor pairs at 0.000 .. 0.1999 and 10 genuine ones: at FAR 1e-3 two impostors may pass. */
    @Test
    void thresholdSitsJustAboveTheNextImpostor() {
        int n = 2000;
        double[] sim = new double[n + 10];
        boolean[] same = new boolean[n + 10];
        for (int i = 0; i < n; i++) sim[i] = i / 10000.0;
        for (int i = 0; i < 10; i++) {
            sim[n + i] = (1990 + i) / 10000.0; // 0.1990 .. 0.1999
            same[n + i] = true;
        }
        TarAtFar r = TarAtFar.of(sim, same, 1e-3);
        assertThat(r.threshold()).isEqualTo(Math.nextUp(1997 / 10000.0));
        // genuine scores 0.1998 and 0.1999 reach it (0.1997 does not: the threshold is just above it)
        assertThat(r.tar()).isEqualTo(0.2);
        assertThat(r.resolvable()).isTrue();
        assertThat(r.impostorPairs()).isEqualTo(n);
        assertThat(TarAtFar.of(new double[] {0.1, 0.9}, new boolean[] {false, true}, 1e-3).resolvable()).isFalse();
    }
}
