package org.fr.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.fr.Embedding;
import org.fr.FaceRecognizer;
import org.fr.eval.KFoldVerification;
import org.fr.eval.LfwPairs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fr eval-lfw}: LFW View 2 verification accuracy by the 10-fold protocol. Each image contributes the face
 * nearest its centre (LFW labels the central face). Where the detector finds no face, the image is aligned with
 * the mean landmarks of the faces found in this run (LFW-a photos are pre-aligned, so faces sit in nearly the same
 * place); such images are counted in {@code no_face}. Progress goes to stderr.
 */
@Command(name = "eval-lfw", description = "LFW verification accuracy, 10-fold protocol.")
final class EvalLfwCommand implements Callable<Integer> {
    static final String FALLBACK = FolderEmbeddings.FALLBACK;

    @Mixin
    ModelOptions models;

    @Option(names = "--root", required = true, paramLabel = "DIR", description = "LFW images: DIR/Name/Name_0001.jpg.")
    Path root;

    @Option(names = "--pairs", required = true, paramLabel = "FILE", description = "The View 2 pairs file.")
    Path pairsFile;

    @Option(names = "--pairs-per-fold", paramLabel = "N", description = "Use only the first N same and N different pairs of each fold (a quick subset).")
    Integer perSide;

    @Option(names = "--plot", paramLabel = "PNG", description = "Also draw the same/different similarity histograms with the threshold as a PNG.")
    Path plot;

    @Option(names = "--jobs", paramLabel = "N", description = "Images embedded in parallel (default: the number of cores).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        LfwPairs pairs = LfwPairs.read(pairsFile);
        if (perSide != null) pairs = pairs.subset(perSide);
        Set<Path> unique = new LinkedHashSet<>();
        for (LfwPairs.Pair p : pairs.pairs()) {
            unique.add(p.pathA(root));
            unique.add(p.pathB(root));
        }
        JsonLines out = new JsonLines(System.out);
        FolderEmbeddings.Result embedded;
        try (FaceRecognizer fr = models.builder().threads(1).build()) {
            embedded = FolderEmbeddings.embed(fr, unique, jobs, "eval-lfw", FolderEmbeddings.Pick.CENTRE, true);
        }
        Map<Path, Embedding> embeddings = embedded.embeddings();
        List<Path> noFace = embedded.noFace();
        int n = pairs.pairs().size();
        double[] sim = new double[n];
        boolean[] same = new boolean[n];
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) {
            LfwPairs.Pair p = pairs.pairs().get(i);
            sim[i] = embeddings.get(p.pathA(root)).cosine(embeddings.get(p.pathB(root)));
            same[i] = p.same();
            fold[i] = p.fold();
        }
        KFoldVerification.Result r = KFoldVerification.evaluate(sim, same, fold, pairs.folds());
        if (plot != null) {
            SimilarityHistogram.write(sim, same, r.meanThreshold(), String.format("LFW %d pairs, %s + %s: accuracy %.4f +- %.4f",
                    n, models.detector, models.embedder, r.meanAccuracy(), r.std()), plot);
        }
        for (KFoldVerification.FoldResult f : r.folds()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fold", f.fold() + 1);
            m.put("accuracy", JsonLines.round4(f.accuracy()));
            m.put("threshold", JsonLines.round4(f.threshold()));
            m.put("pairs", f.pairs());
            out.write(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", JsonLines.round4(r.meanAccuracy()));
        m.put("std", JsonLines.round4(r.std()));
        m.put("threshold", JsonLines.round4(r.meanThreshold()));
        m.put("pairs", n);
        m.put("no_face", noFace.size());
        m.put("fallback", noFace.isEmpty() ? "none" : FALLBACK);
        m.put("images", unique.size());
        m.put("detector", models.detector);
        m.put("embedder", models.embedder);
        m.put("seconds", Math.round((System.nanoTime() - start) / 1e9));
        out.write(m);
        return ExitCodes.OK;
    }
}
