package org.fr.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Verification accuracy by the LFW protocol: for each fold, the threshold that is best on the other folds is
 * applied to the held-out fold. A pair is judged "same" when its similarity is at or above the threshold.
 * Candidate thresholds are the midpoints between consecutive distinct training similarities (and the ends),
 * so the choice does not sit on one pair's score. Stateless and thread-safe.
 */
public final class KFoldVerification {
    private KFoldVerification() {}

    /** Accuracy and chosen threshold of one fold. */
    public record FoldResult(int fold, double accuracy, double threshold, int pairs) {}

    /** All folds with their mean accuracy, its population standard deviation and the mean threshold. */
    public record Result(List<FoldResult> folds, double meanAccuracy, double std, double meanThreshold) {}

    /**
     * @param similarity one score per pair (higher = more alike)
     * @param same       the truth per pair
     * @param fold       the fold of each pair, 0..k-1
     */
    public static Result evaluate(double[] similarity, boolean[] same, int[] fold, int k) {
        int n = similarity.length;
        if (same.length != n || fold.length != n) throw new IllegalArgumentException("arrays differ in length");
        List<FoldResult> results = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            List<Integer> train = new ArrayList<>(), test = new ArrayList<>();
            for (int i = 0; i < n; i++) (fold[i] == f ? test : train).add(i);
            double t = bestThreshold(similarity, same, train);
            int correct = 0;
            for (int i : test) if ((similarity[i] >= t) == same[i]) correct++;
            results.add(new FoldResult(f, test.isEmpty() ? Double.NaN : (double) correct / test.size(), t, test.size()));
        }
        double mean = results.stream().mapToDouble(FoldResult::accuracy).average().orElse(Double.NaN);
        double var = results.stream().mapToDouble(r -> (r.accuracy() - mean) * (r.accuracy() - mean)).average().orElse(Double.NaN);
        double meanT = results.stream().mapToDouble(FoldResult::threshold).average().orElse(Double.NaN);
        return new Result(results, mean, Math.sqrt(var), meanT);
    }

    /** The threshold maximising accuracy on the given pairs (ties: the smallest such threshold). */
    public static double bestThreshold(double[] similarity, boolean[] same, List<Integer> idx) {
        int m = idx.size();
        if (m == 0) throw new IllegalArgumentException("no pairs to choose a threshold from");
        double[][] sorted = new double[m][2];
        for (int j = 0; j < m; j++) {
            int i = idx.get(j);
            sorted[j][0] = similarity[i];
            sorted[j][1] = same[i] ? 1 : 0;
        }
        Arrays.sort(sorted, (a, b) -> Double.compare(a[0], b[0]));
        int totalSame = 0;
        for (double[] s : sorted) totalSame += (int) s[1];
        // threshold below everything: all judged same
        int correct = totalSame, best = correct;
        double bestT = sorted[0][0] - 1e-6;
        for (int j = 0; j < m; j++) {
            // moving the threshold above sorted[j] judges pair j "different"
            correct += sorted[j][1] == 1 ? -1 : 1;
            if (j + 1 < m && sorted[j + 1][0] == sorted[j][0]) continue;
            double t = j + 1 < m ? (sorted[j][0] + sorted[j + 1][0]) / 2 : sorted[j][0] + 1e-6;
            if (correct > best) {
                best = correct;
                bestT = t;
            }
        }
        return bestT;
    }
}
