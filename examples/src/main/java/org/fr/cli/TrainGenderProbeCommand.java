package org.fr.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fr.Embedding;
import org.fr.FaceRecognizer;
import org.fr.analyze.GenderProbe;
import org.fr.analyze.GenderProbeTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fr train-gender-probe}: fits the linear gender probe of {@code fr analyze} on the embeddings of labelled
 * people. Labels come from a file of lines {@code <Name><TAB>male|female} ({@code #} comments, a {@code name gender}
 * header), and/or from a file of unambiguous first names applied to the folder names ({@code John_Smith} is male
 * when {@code John} is listed male); {@code --exclude} removes the evaluation people. Each person's first
 * {@code --per-person} images ({@code DIR/<Name>/<image>}, sorted by name) are
 * embedded (the face nearest the centre, as LFW labels it; {@code fr analyze} and the evaluation embed the same
 * way: ultraface, five-landmark alignment, arcface without flip), and a class-balanced logistic regression with a
 * covariance-shaped penalty is fitted ({@link GenderProbeTrainer#defaults()}: deterministic). Prints
 * {@code {"people":P,"examples":N,"training_accuracy":A,"no_face":F,"out":FILE}}; with {@code --folds K} also
 * person-disjoint K-fold cross-validation figures on the training people ({@code cv_accuracy} and per class).
 */
@Command(name = "train-gender-probe", description = "Fit the gender probe of `fr analyze` on embeddings of labelled people.")
final class TrainGenderProbeCommand implements Callable<Integer> {
    @Mixin
    ModelOptions models;

    @Option(names = "--labels", paramLabel = "FILE", description = "People labelled by hand: lines <Name><TAB>male|female.")
    Path labels;

    @Option(names = "--first-names", paramLabel = "FILE", description = "Also label every person folder whose name starts with <First>_ by the lines <First><TAB>male|female of FILE.")
    Path firstNames;

    @Option(names = "--exclude", paramLabel = "FILE", description = "Never train on the people of this labels file (the evaluation list).")
    Path exclude;

    @Option(names = "--root", paramLabel = "DIR", description = "Photos DIR/<Name>/<image> (default: the shared LFW).")
    Path root;

    @Option(names = "--per-person", paramLabel = "N", description = "Images per person, the first N by name (default: ${DEFAULT-VALUE}).")
    int perPerson = 2;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the probe (text, written atomically).")
    Path out;

    @Option(names = "--jobs", paramLabel = "N", description = "Images embedded in parallel (default: the number of cores).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--folds", paramLabel = "K", description = "Also report person-disjoint K-fold cross-validation on the training people (0: none, the default).")
    int folds;

    @Option(names = "--l2", paramLabel = "X", description = "Penalty strength (default: GenderProbeTrainer.defaults()).")
    Double l2;

    @Option(names = "--floor", paramLabel = "X", description = "Ridge added to the covariance in the penalty, relative to its mean variance (default: GenderProbeTrainer.defaults()).")
    Double floor;

    @Override
    public Integer call() throws Exception {
        if (perPerson < 1) throw new IllegalArgumentException("--per-person must be at least 1");
        if (folds == 1 || folds < 0) throw new IllegalArgumentException("--folds must be 0 (none) or at least 2: " + folds);
        double l2Value = l2 != null ? l2 : GenderProbeTrainer.DEFAULT_L2;
        double floorValue = floor != null ? floor : GenderProbeTrainer.DEFAULT_FLOOR;
        GenderProbeTrainer trainer = new GenderProbeTrainer(l2Value, floorValue, GenderProbeTrainer.DEFAULT_MAX_ITERATIONS);
        Path dir = root != null ? root : CalibrateCommand.defaultLfw();
        if (labels == null && firstNames == null) throw new IllegalArgumentException("give --labels FILE, --first-names FILE or both");
        Map<String, Boolean> male = new java.util.TreeMap<>();
        if (firstNames != null) {
            Map<String, Boolean> rule = readLabels(firstNames);
            try (var s = Files.list(dir)) {
                for (Path person : s.filter(Files::isDirectory).toList()) {
                    String name = person.getFileName().toString();
                    int cut = name.indexOf('_');
                    Boolean m = cut > 0 ? rule.get(name.substring(0, cut)) : null;
                    if (m != null) male.put(name, m);
                }
            }
        }
        if (labels != null) male.putAll(readLabels(labels));
        if (exclude != null) male.keySet().removeAll(readLabels(exclude).keySet());
        if (male.isEmpty()) throw new IllegalArgumentException("no labelled person found under " + dir);
        Map<Path, Boolean> images = new LinkedHashMap<>();
        for (var e : male.entrySet()) {
            Path person = dir.resolve(e.getKey());
            if (!Files.isDirectory(person)) throw new IllegalArgumentException("labelled person without a folder: " + person);
            try (var s = Files.list(person)) {
                s.filter(FolderEmbeddings::isImageName).sorted().limit(perPerson).forEach(p -> images.put(p, e.getValue()));
            }
        }
        FolderEmbeddings.Result embedded;
        String modelId;
        try (FaceRecognizer fr = models.builder().threads(1).build()) {
            modelId = fr.embedder().modelId();
            embedded = FolderEmbeddings.embed(fr, images.keySet(), jobs, "train-gender-probe", FolderEmbeddings.Pick.CENTRE, false);
        }
        List<GenderProbeTrainer.Example> examples = new ArrayList<>();
        for (var e : images.entrySet()) {
            Embedding emb = embedded.embeddings().get(e.getKey());
            if (emb != null) examples.add(new GenderProbeTrainer.Example(emb, e.getValue()));
        }
        GenderProbe probe = trainer.train(examples);
        int right = 0;
        for (var ex : examples) if ((probe.maleProbability(ex.embedding()) >= 0.5) == ex.male()) right++;
        probe.write(out, "Gender probe for " + modelId + " embeddings: P(male) = sigmoid(w . e + bias).\n"
                + "Trained by `fr train-gender-probe" + (labels != null ? " --labels " + labels.getFileName() : "")
                + (firstNames != null ? " --first-names " + firstNames.getFileName() : "")
                + (exclude != null ? " --exclude " + exclude.getFileName() : "") + " --per-person " + perPerson
                + "` on " + examples.size() + " faces of " + male.size() + " people\n"
                + "(class-balanced logistic regression, penalty shaped by the embeddings' covariance, Newton's method;\n"
                + (l2 == null && floor == null ? "GenderProbeTrainer.defaults()" : "l2 " + l2Value + ", floor " + floorValue)
                + "; deterministic; see docs/gender.md).");
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("people", male.size());
        line.put("examples", examples.size());
        line.put("training_accuracy", JsonLines.round4((double) right / examples.size()));
        line.put("no_face", embedded.noFace().size());
        if (folds >= 2) crossValidate(trainer, folds, male, images, embedded.embeddings(), line);
        line.put("out", out.toString());
        new JsonLines(System.out).write(line);
        return ExitCodes.OK;
    }

    /**
     * Person-disjoint K-fold cross-validation: person number {@code i} (in name order) falls in fold {@code i mod K};
     * each fold's people are scored by a probe trained on the other folds' images, on their first embedded image
     * (the evaluation list's protocol). Adds {@code cv_folds}, {@code cv_people}, {@code cv_accuracy},
     * {@code cv_female_accuracy} and {@code cv_male_accuracy} to {@code line}.
     */
    private static void crossValidate(GenderProbeTrainer trainer, int k, Map<String, Boolean> male,
                                      Map<Path, Boolean> images, Map<Path, Embedding> embeddings, Map<String, Object> line) {
        List<String> people = new ArrayList<>(male.keySet());
        Map<String, Integer> fold = new java.util.HashMap<>();
        for (int i = 0; i < people.size(); i++) fold.put(people.get(i), i % k);
        int[] right = new int[2], total = new int[2];
        for (int f = 0; f < k; f++) {
            List<GenderProbeTrainer.Example> train = new ArrayList<>();
            Map<String, Embedding> firstOfPerson = new LinkedHashMap<>();
            for (var e : images.entrySet()) {
                Embedding emb = embeddings.get(e.getKey());
                if (emb == null) continue;
                String person = e.getKey().getParent().getFileName().toString();
                if (fold.get(person) != f) train.add(new GenderProbeTrainer.Example(emb, e.getValue()));
                else firstOfPerson.putIfAbsent(person, emb);
            }
            GenderProbe p = trainer.train(train);
            for (var e : firstOfPerson.entrySet()) {
                int c = male.get(e.getKey()) ? 1 : 0;
                total[c]++;
                if ((p.maleProbability(e.getValue()) >= 0.5) == (c == 1)) right[c]++;
            }
        }
        line.put("cv_folds", k);
        line.put("cv_people", total[0] + total[1]);
        line.put("cv_accuracy", JsonLines.round4((double) (right[0] + right[1]) / (total[0] + total[1])));
        line.put("cv_female_accuracy", JsonLines.round4((double) right[0] / total[0]));
        line.put("cv_male_accuracy", JsonLines.round4((double) right[1] / total[1]));
    }

    /** Reads {@code <Name><TAB>male|female} lines; anything else is a bad-input error naming the line. */
    static Map<String, Boolean> readLabels(Path file) throws java.io.IOException {
        Map<String, Boolean> out = new LinkedHashMap<>();
        int no = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            no++;
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#") || line.equals("name\tgender")) continue;
            String[] f = line.split("\t");
            if (f.length != 2 || !(f[1].equals("male") || f[1].equals("female"))) {
                throw new IllegalArgumentException(file + ", line " + no + ": expected <Name><TAB>male|female, got: " + line);
            }
            out.put(f[0], f[1].equals("male"));
        }
        if (out.isEmpty()) throw new IllegalArgumentException(file + " holds no labels");
        return out;
    }
}
