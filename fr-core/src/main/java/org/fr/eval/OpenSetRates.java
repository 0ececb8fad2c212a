package org.fr.eval;

import java.util.Arrays;

/**
 * Open-set identification rates at any threshold, from each probe's rank-1 result: DIR (detection and
 * identification rate) is the fraction of genuine probes whose rank-1 identity is right with similarity at or above
 * the threshold; FPIR (false positive identification rate) the fraction of impostor probes (never enrolled) whose
 * rank-1 similarity reaches it. Shared by {@code fr eval-identify} and the benchmarks' accuracy harness. Immutable
 * and thread-safe.
 */
public final class OpenSetRates {
    private final float[] correctScores;   // ascending: rank-1 similarities of the correctly ranked genuine probes
    private final float[] impostorScores;  // ascending
    private final int genuine;

    public OpenSetRates(float[] genuineScores, boolean[] correct, float[] impostorScores) {
        int c = 0;
        for (boolean b : correct) if (b) c++;
        correctScores = new float[c];
        c = 0;
        for (int i = 0; i < correct.length; i++) if (correct[i]) correctScores[c++] = genuineScores[i];
        Arrays.sort(correctScores);
        this.impostorScores = impostorScores.clone();
        Arrays.sort(this.impostorScores);
        this.genuine = genuineScores.length;
    }

    /** Closed-set rank-1 accuracy: right identity, whatever the score. */
    public double rank1() { return (double) correctScores.length / genuine; }

    public double dir(float t) { return (double) atOrAbove(correctScores, t) / genuine; }

    public double fpir(float t) { return (double) atOrAbove(impostorScores, t) / impostorScores.length; }

    public int impostors() { return impostorScores.length; }

    /** The smallest threshold at which at most a fraction {@code f} of the impostors reach their rank-1 score. */
    public float thresholdAtFpir(double f) {
        int m = impostorScores.length;
        long allowed = (long) Math.floor(f * m * (1 + 1e-12));
        if (allowed >= m) return -1f;
        return Math.nextUp(impostorScores[m - 1 - (int) allowed]);
    }

    /** The impostor scores, ascending (a copy). */
    public float[] impostorScores() { return impostorScores.clone(); }

    public static int atOrAbove(float[] ascending, float t) {
        int lo = 0, hi = ascending.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ascending[mid] < t) lo = mid + 1; else hi = mid;
        }
        return ascending.length - lo;
    }
}
