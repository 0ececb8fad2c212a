package org.fr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import org.fr.TestData;
import org.fr.embed.arcface.ArcFaceProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fr heatmap}, {@code fr eval-identify} and {@code fr calibrate}, run in-process on the shared data. */
class EvalCliTest {
    private static Path photos() {
        return TestData.root().resolve("people/photos");
    }

    private static Path lfw() {
        return TestData.root().resolve("lfw/images");
    }

    /** The CSV's labels (header) and matrix. */
    record Csv(List<String> labels, List<String> rowLabels, double[][] values) {
        static Csv read(Path file) throws Exception {
            List<String> lines = Files.readAllLines(file);
            String[] header = lines.get(0).split(",", -1);
            assertThat(header[0]).isEmpty();
            List<String> labels = List.of(header).subList(1, header.length);
            List<String> rows = new ArrayList<>();
            double[][] v = new double[lines.size() - 1][];
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).split(",", -1);
                rows.add(f[0]);
                v[i - 1] = Arrays.stream(f, 1, f.length).mapToDouble(Double::parseDouble).toArray();
            }
            return new Csv(labels, rows, v);
        }

        double get(String a, String b) { return values[labels.indexOf(a)][labels.indexOf(b)]; }
    }

    // ------------------------------------------------------------------ heatmap

    @Test
    void heatmapOfThePeoplePhotos(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("out/heat.png");
        CliTest.Run r = CliTest.run("heatmap", photos().toString(), "--out", png.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = r.lines();
        assertThat(lines).hasSize(1);
        JsonNode line = lines.get(0);
        int n;
        try (var s = Files.list(photos())) {
            n = (int) s.count();
        }
        assertThat(n).isEqualTo(13);
        assertThat(line.get("images").asInt()).isEqualTo(n);
        assertThat(line.get("no_face")).isEmpty();
        Path csv = dir.resolve("out/heat.csv");
        assertThat(line.get("png").asText()).isEqualTo(png.toString());
        assertThat(line.get("csv").asText()).isEqualTo(csv.toString());

        Csv m = Csv.read(csv);
        assertThat(m.labels()).hasSize(n).isSorted().contains("lennon-1", "lennon-2", "clapton-1", "clapton-2", "longoria-cooper");
        assertThat(m.rowLabels()).isEqualTo(m.labels());
        for (int i = 0; i < n; i++) {
            assertThat(m.values()[i]).hasSize(n);
            assertThat(m.values()[i][i]).as("diagonal " + m.labels().get(i)).isCloseTo(1.0, within(1e-4));
            for (int j = 0; j < n; j++) {
                assertThat(m.values()[i][j]).isEqualTo(m.values()[j][i]).isBetween(-1.0, 1.0);
            }
        }
        assertThat(m.get("lennon-1", "lennon-2")).isGreaterThan(m.get("lennon-1", "clapton-1"));
        assertThat(m.get("clapton-1", "clapton-2")).isGreaterThan(m.get("clapton-1", "lennon-2"));
        assertThat(m.get("lennon-1", "lennon-2")).isGreaterThan(ArcFaceProvider.DEFAULT_THRESHOLD);
        assertThat(m.get("lennon-1", "clapton-1")).isLessThan(ArcFaceProvider.DEFAULT_THRESHOLD);

        BufferedImage img = ImageIO.read(png.toFile());
        SimilarityHeatmap.Layout l = SimilarityHeatmap.Layout.of(n);
        // 13 rows: 64-pixel cells, 160-pixel label margins, a 240-pixel legend
        assertThat(l.cell()).isEqualTo(64);
        assertThat(img.getWidth()).isEqualTo(l.width()).isEqualTo(160 + 13 * 64 + 240 + 16);
        assertThat(img.getHeight()).isEqualTo(l.height()).isEqualTo(44 + 160 + 13 * 64 + 40);
        // cell colours (sampled near a cell corner, away from the printed value): the scale breaks at the threshold
        double lo = SimilarityHeatmap.low(toFloat(m.values()));
        int l1 = m.labels().indexOf("lennon-1"), l2 = m.labels().indexOf("lennon-2"), c1 = m.labels().indexOf("clapton-1");
        Color diag = pixel(img, l, l1, l1), same = pixel(img, l, l1, l2), diff = pixel(img, l, l1, c1);
        assertThat(diag).isEqualTo(SimilarityHeatmap.colour(m.get("lennon-1", "lennon-1"), lo, ArcFaceProvider.DEFAULT_THRESHOLD));
        assertThat(same.getRed()).as("same person: warm").isGreaterThan(same.getBlue());
        assertThat(diff.getBlue()).as("different people: cool").isGreaterThan(diff.getRed());
    }

    private static Color pixel(BufferedImage img, SimilarityHeatmap.Layout l, int row, int col) {
        return new Color(img.getRGB(l.gridX() + col * l.cell() + 4, l.gridY() + row * l.cell() + 4));
    }

    private static float[][] toFloat(double[][] v) {
        float[][] f = new float[v.length][];
        for (int i = 0; i < v.length; i++) {
            f[i] = new float[v[i].length];
            for (int j = 0; j < v[i].length; j++) f[i][j] = (float) v[i][j];
        }
        return f;
    }

    @Test
    void heatmapLeavesOutPhotosWithoutAFace(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (String f : List.of("lennon-1.jpg", "lennon-2.jpg", "clapton-1.jpg")) Files.copy(photos().resolve(f), in.resolve(f));
        Files.copy(TestData.root().resolve("negatives/brick.png"), in.resolve("brick.png"));
        Files.writeString(in.resolve("notes.txt"), "not a photo");
        Path csv = dir.resolve("matrix.csv");
        CliTest.Run r = CliTest.run("heatmap", in.toString(), "--out", dir.resolve("h.png").toString(), "--csv", csv.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode line = r.lines().get(0);
        assertThat(line.get("images").asInt()).isEqualTo(3);
        assertThat(line.get("no_face")).hasSize(1);
        assertThat(line.get("no_face").get(0).asText()).isEqualTo("brick.png");
        assertThat(r.err()).contains("no face in").contains("brick.png");
        Csv m = Csv.read(csv);
        assertThat(m.labels()).containsExactly("clapton-1", "lennon-1", "lennon-2");
        assertThat(ImageIO.read(dir.resolve("h.png").toFile()).getWidth()).isEqualTo(SimilarityHeatmap.Layout.of(3).width());
    }

    @Test
    void heatmapOfAMissingFolderExits2(@TempDir Path dir) {
        CliTest.Run r = CliTest.run("heatmap", dir.resolve("nope").toString(), "--out", dir.resolve("h.png").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains("nope");
    }

    // ------------------------------------------------------------------ eval-identify

    /** The first {@code n} people of LFW (alphabetically) and their image counts, read independently of the command. */
    private static TreeMap<String, Integer> firstPeople(int n) throws Exception {
        TreeMap<String, Integer> out = new TreeMap<>();
        List<Path> dirs;
        try (var s = Files.list(lfw())) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path d : dirs.subList(0, n)) {
            try (var s = Files.list(d)) {
                out.put(d.getFileName().toString(), (int) s.filter(p -> p.toString().endsWith(".jpg")).count());
            }
        }
        return out;
    }

    @Test
    void evalIdentifyOnTheFirst150People(@TempDir Path dir) throws Exception {
        TreeMap<String, Integer> people = firstPeople(150);
        int gallery = 0, genuine = 0, impostors = 0;
        for (int c : people.values()) {
            if (c == 1) {
                impostors++;
            } else {
                gallery++;
                genuine += c - 1;
            }
        }
        Path png = dir.resolve("dir-fpir.png");
        CliTest.Run r = CliTest.run("eval-identify", "--root", lfw().toString(), "--limit-people", "150", "--plot", png.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = r.lines();
        assertThat(lines).hasSize(3);
        float calibrated = ArcFaceProvider.calibratedThresholds(false).get(1e-3);

        JsonNode fmr = lines.get(0);
        assertThat(fmr.get("operating_point").asText()).isEqualTo("fmr=1e-3");
        assertThat((float) fmr.get("threshold").asDouble()).isEqualTo(calibrated);
        assertThat(fmr.get("in_sample").asBoolean()).isTrue();

        JsonNode fpir = lines.get(1);
        assertThat(fpir.get("operating_point").asText()).isEqualTo("fpir=0.01");
        assertThat(fpir.get("fpir").asDouble()).isLessThanOrEqualTo(0.01);
        assertThat(fpir.get("dir").asDouble()).isBetween(0.5, 1.0);

        JsonNode last = lines.get(2);
        assertThat(last.get("gallery").asInt()).isEqualTo(gallery);
        assertThat(last.get("genuine").asInt()).isEqualTo(genuine);
        assertThat(last.get("impostors").asInt()).isEqualTo(impostors);
        assertThat((float) last.get("threshold").asDouble()).isEqualTo(calibrated);
        assertThat(last.get("dir").asDouble()).isEqualTo(fmr.get("dir").asDouble());
        assertThat(last.get("fpir").asDouble()).isEqualTo(fmr.get("fpir").asDouble());
        assertThat(last.get("dir").asDouble()).isBetween(0.9, 1.0).isLessThanOrEqualTo(last.get("rank1").asDouble());
        assertThat(last.get("fpir").asDouble()).isBetween(0.0, 1.0);
        // a stricter threshold never accepts more: the operating point with the higher threshold has the lower rates
        JsonNode hi = fmr.get("threshold").asDouble() >= fpir.get("threshold").asDouble() ? fmr : fpir;
        JsonNode lo = hi == fmr ? fpir : fmr;
        assertThat(hi.get("dir").asDouble()).isLessThanOrEqualTo(lo.get("dir").asDouble());
        assertThat(hi.get("fpir").asDouble()).isLessThanOrEqualTo(lo.get("fpir").asDouble());
        assertThat(r.err()).contains("in-sample").contains("probes searched");
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(EvalIdentifyCommand.DirFpirPlot.W);
    }

    @Test
    void evalIdentifyWithAGivenThreshold() throws Exception {
        CliTest.Run r = CliTest.run("eval-identify", "--root", lfw().toString(), "--limit-people", "40", "--threshold", "0.999");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode last = r.lines().get(r.lines().size() - 1);
        assertThat(last.get("threshold").asDouble()).isCloseTo(0.999, within(1e-6));
        assertThat(last.get("threshold_from").asText()).isEqualTo("--threshold");
        // nobody's other photo, nor any stranger, is that close to an enrolled one
        assertThat(last.get("fpir").asDouble()).isZero();
        assertThat(last.get("dir").asDouble()).isLessThan(0.1);
        assertThat(last.get("rank1").asDouble()).isGreaterThan(0.8);
    }

    /** Rates and the FPIR threshold rule on made-up scores. */
    @Test
    void ratesFollowTheirDefinitions() {
        float[] genuine = {0.9f, 0.8f, 0.7f, 0.2f};
        boolean[] correct = {true, true, false, true};
        float[] impostor = new float[200];
        for (int i = 0; i < impostor.length; i++) impostor[i] = i / 400f; // 0 .. 0.4975
        org.fr.eval.OpenSetRates r = new org.fr.eval.OpenSetRates(genuine, correct, impostor);
        assertThat(r.rank1()).isEqualTo(0.75);
        assertThat(r.dir(0.75f)).isEqualTo(0.5);   // 0.9 and 0.8 (0.7 is the wrong identity)
        assertThat(r.dir(0.2f)).isEqualTo(0.75);   // at the threshold counts
        assertThat(r.fpir(0.491f)).isEqualTo(3 / 200.0); // 197, 198, 199 of 400
        float t = r.thresholdAtFpir(0.01);         // 2 of 200 may pass: just above the 3rd highest
        assertThat(t).isEqualTo(Math.nextUp(197 / 400f));
        assertThat(r.fpir(t)).isEqualTo(0.01);
        assertThat(r.fpir(Math.nextDown(t))).isGreaterThan(0.01);
    }

    // ------------------------------------------------------------------ calibrate

    @Test
    void calibrateOnTheFirst300People(@TempDir Path dir) throws Exception {
        TreeMap<String, Integer> people = firstPeople(300);
        long images = 0, genuine = 0;
        for (int c : people.values()) {
            images += c;
            genuine += (long) c * (c - 1) / 2;
        }
        Path out = dir.resolve("t.properties");
        CliTest.Run r = CliTest.run("calibrate", "--root", lfw().toString(), "--limit-people", "300", "--out", out.toString(),
                "--key-prefix", "flip.false.");
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = r.lines();
        assertThat(lines).hasSize(3);
        double[] fmrs = {0.01, 0.001, 0.0001};
        Properties p = new Properties();
        String text = Files.readString(out);
        p.load(new StringReader(text));
        double prevT = -2, prevTmr = 2;
        for (int i = 0; i < 3; i++) {
            JsonNode l = lines.get(i);
            assertThat(l.get("fmr").asDouble()).isEqualTo(fmrs[i]);
            assertThat(l.get("genuine_pairs").asLong()).isEqualTo(genuine);
            assertThat(l.get("impostor_pairs").asLong()).isEqualTo(images * (images - 1) / 2 - genuine);
            double t = l.get("threshold").asDouble();
            double tmr = l.get("tmr").asDouble();
            assertThat(t).as("threshold at fmr " + fmrs[i]).isGreaterThan(prevT).isBetween(0.0, 1.0);
            assertThat(tmr).isLessThanOrEqualTo(prevTmr).isBetween(0.5, 1.0);
            prevT = t;
            prevTmr = tmr;
            String key = "flip.false.fmr." + new String[] {"1e-2", "1e-3", "1e-4"}[i];
            assertThat(Float.parseFloat(p.getProperty(key))).isEqualTo((float) t);
        }
        assertThat(p.stringPropertyNames()).hasSize(3);
        assertThat(text).contains("# model: faceplugin/fr_feature").contains("# flip: false").contains("# date: ")
                .contains("# command: fr calibrate --root").contains("(the first 300 people)");
    }

    @Test
    void calibrateAppendsUnderAnotherPrefixAndRefusesAClash(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("t.properties");
        String root = lfw().toString();
        // the first 3 people: enough for impostor pairs, quick
        assertThat(CliTest.run("calibrate", "--root", root, "--limit-people", "3", "--out", out.toString(), "--key-prefix", "a.").code()).isZero();
        CliTest.Run clash = CliTest.run("calibrate", "--root", root, "--limit-people", "3", "--out", out.toString(), "--key-prefix", "a.", "--append");
        assertThat(clash.code()).isEqualTo(2);
        assertThat(clash.err()).contains("a.fmr.1e-2");
        assertThat(CliTest.run("calibrate", "--root", root, "--limit-people", "3", "--out", out.toString(), "--key-prefix", "b.", "--append").code()).isZero();
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(out)) {
            p.load(in);
        }
        assertThat(p.stringPropertyNames()).containsExactlyInAnyOrder("a.fmr.1e-2", "a.fmr.1e-3", "a.fmr.1e-4", "b.fmr.1e-2", "b.fmr.1e-3", "b.fmr.1e-4");
        assertThat(p.getProperty("a.fmr.1e-3")).isEqualTo(p.getProperty("b.fmr.1e-3"));
    }

    /** The all-pairs scorer against a brute-force sort, on random labelled vectors. */
    @Test
    void pairScoresMatchBruteForce() throws Exception {
        Random rnd = new Random(7);
        int n = 300, d = 24;
        float[] m = new float[n * d];
        int[] label = new int[n];
        for (int i = 0; i < n; i++) {
            label[i] = i / 3; // people of 3 images, contiguous like the command's
            double s = 0;
            for (int k = 0; k < d; k++) {
                m[i * d + k] = (float) rnd.nextGaussian() + (k == label[i] % d ? 2f : 0f);
                s += m[i * d + k] * m[i * d + k];
            }
            for (int k = 0; k < d; k++) m[i * d + k] /= (float) Math.sqrt(s);
        }
        List<Float> imp = new ArrayList<>(), gen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                float s = CalibrateCommand.PairScores.dot(m, i * d, j * d, d);
                (label[i] == label[j] ? gen : imp).add(s);
            }
        }
        CalibrateCommand.PairScores exact = CalibrateCommand.PairScores.compute(m, d, label, 3, 0.01, null);
        CalibrateCommand.PairScores coarse = CalibrateCommand.PairScores.compute(m, d, label, 2, 0.01, null, 10);
        assertThat(exact.impostorPairs()).isEqualTo(imp.size());
        assertThat(exact.genuinePairs()).isEqualTo(gen.size());
        for (double f : new double[] {0.01, 0.001, 1e-4}) {
            long allowed = (long) Math.floor(f * imp.size());
            float t = exact.thresholdAt(f);
            long atOrAbove = imp.stream().filter(s -> s >= t).count();
            long belowOk = imp.stream().filter(s -> s >= Math.nextDown(t)).count();
            assertThat(atOrAbove).as("fmr " + f).isLessThanOrEqualTo(allowed);
            assertThat(belowOk).as("fmr " + f + ": t is the smallest").isGreaterThan(allowed);
            assertThat(exact.impostorsAtOrAbove(t)).isEqualTo(atOrAbove);
            assertThat(exact.tmrAt(t)).isEqualTo((double) gen.stream().filter(s -> s >= t).count() / gen.size());
            // past its 10 kept scores the histogram answers: never below the exact threshold, within two bins of it
            float h = coarse.thresholdAt(f);
            assertThat(imp.stream().filter(s -> s >= h).count()).isLessThanOrEqualTo(allowed);
            assertThat((double) h).isBetween((double) t - 1e-6, (double) t + 4.0 / CalibrateCommand.PairScores.BINS);
        }
    }
}
