package org.fr.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

class HalfTest {
    @Test
    void knownValuesEncodeToTheirIeeeBits() {
        assertThat(Half.fromFloat(0f)).isEqualTo((short) 0x0000);
        assertThat(Half.fromFloat(-0f)).isEqualTo((short) 0x8000);
        assertThat(Half.fromFloat(1f)).isEqualTo((short) 0x3c00);
        assertThat(Half.fromFloat(-2f)).isEqualTo((short) 0xc000);
        assertThat(Half.fromFloat(0.5f)).isEqualTo((short) 0x3800);
        assertThat(Half.fromFloat(65504f)).isEqualTo((short) 0x7bff);
        assertThat(Half.fromFloat(0x1p-14f)).isEqualTo((short) 0x0400);
        assertThat(Half.fromFloat(0x1p-24f)).isEqualTo((short) 0x0001);
        assertThat(Half.fromFloat(Float.POSITIVE_INFINITY)).isEqualTo((short) 0x7c00);
        assertThat(Half.fromFloat(1e6f)).isEqualTo((short) 0x7c00);
        assertThat(Half.toFloat(Half.fromFloat(Float.NaN))).isNaN();
        // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to even (1); 1 + 3 * 2^-11 rounds up to 1 + 2^-9.
        assertThat(Half.fromFloat(1f + 0x1p-11f)).isEqualTo((short) 0x3c00);
        assertThat(Half.fromFloat(1f + 3 * 0x1p-11f)).isEqualTo((short) 0x3c02);
        // 65520 is halfway between the largest half and infinity: ties to even (infinity).
        assertThat(Half.fromFloat(65519.99f)).isEqualTo((short) 0x7bff);
        assertThat(Half.fromFloat(65520f)).isEqualTo((short) 0x7c00);
        // Subnormals: 2^-25 is halfway between 0 and 2^-24 (ties to 0); a bit more rounds to 2^-24.
        assertThat(Half.fromFloat(0x1p-25f)).isEqualTo((short) 0x0000);
        assertThat(Half.fromFloat(0x1.01p-25f)).isEqualTo((short) 0x0001);
        assertThat(Half.fromFloat(3 * 0x1p-25f)).isEqualTo((short) 0x0002);
    }

    @Test
    void everyFiniteHalfRoundTrips() {
        for (int h = 0; h < 0x10000; h++) {
            if ((h & 0x7c00) == 0x7c00) continue; // infinities and NaNs
            float f = Half.toFloat((short) h);
            assertThat(Half.fromFloat(f) & 0xffff).as("half 0x%04x -> %s", h, f).isEqualTo(h);
            if ((h & 0x7fff) != 0) assertThat(Half.toFloatScaledDown((short) h) * 0x1p112f).isEqualTo(f);
        }
        assertThat(Half.toFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(Half.toFloat((short) 0x3555)).isEqualTo(0.333251953125f);
    }

    @Test
    void randomFloatsRoundToTheNearestHalf() {
        Random rnd = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            float f = (float) (rnd.nextGaussian() * Math.pow(2, rnd.nextInt(40) - 28));
            float h = Half.toFloat(Half.fromFloat(f));
            // The nearest half: no neighbouring half is strictly closer.
            short bits = Half.fromFloat(f);
            float up = Half.toFloat((short) (bits + 1));
            float down = (bits & 0x7fff) == 0 ? h : Half.toFloat((short) (bits - 1));
            double err = Math.abs((double) h - f);
            if (Float.isFinite(up)) assertThat(err).isLessThanOrEqualTo(Math.abs((double) up - f));
            assertThat(err).isLessThanOrEqualTo(Math.abs((double) down - f));
        }
    }
}
