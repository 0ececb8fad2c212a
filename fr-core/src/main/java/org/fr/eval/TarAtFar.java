package org.fr.eval;

import java.util.Arrays;

/**
 * The verification operating point at a false-accept rate on labelled pairs: the threshold is the smallest cosine at
 * which at most {@code floor(far * N)} of the N different-person pairs reach it (just above the next-highest
 * impostor score, the rule of {@code fr calibrate}), and TAR is the share of same-person pairs at or above it. With
 * N impostor pairs, rates below {@code 1/N} cannot be resolved: {@link #resolvable()} says whether {@code far} can.
 * Immutable and thread-safe.
 */
public record TarAtFar(double far, double tar, double threshold, int impostorPairs, int genuinePairs) {
    /** Whether {@code far >= 1/impostorPairs}, i.e. whether the pairs can resolve this rate at all. */
    public boolean resolvable() { return far * impostorPairs >= 1 - 1e-9; }

    public static TarAtFar of(double[] similarity, boolean[] same, double far) {
        if (similarity.length != same.length) throw new IllegalArgumentException("arrays differ in length");
        int g = 0;
        for (boolean s : same) if (s) g++;
        double[] imp = new double[same.length - g], gen = new double[g];
        for (int i = 0, a = 0, b = 0; i < same.length; i++) {
            if (same[i]) gen[a++] = similarity[i]; else imp[b++] = similarity[i];
        }
        if (imp.length == 0 || gen.length == 0) throw new IllegalArgumentException("need both same and different pairs");
        Arrays.sort(imp);
        long allowed = (long) Math.floor(far * imp.length * (1 + 1e-12));
        double t = allowed >= imp.length ? Double.NEGATIVE_INFINITY : Math.nextUp(imp[imp.length - 1 - (int) allowed]);
        int accepted = 0;
        for (double s : gen) if (s >= t) accepted++;
        return new TarAtFar(far, (double) accepted / gen.length, t, imp.length, gen.length);
    }
}
