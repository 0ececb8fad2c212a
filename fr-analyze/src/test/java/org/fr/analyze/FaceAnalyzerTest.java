package org.fr.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.fr.ComponentOptions;
import org.fr.Components;
import org.fr.DetectedFace;
import org.fr.FaceDetector;
import org.fr.FaceRecognizer;
import org.fr.ImageDecoder;
import org.fr.RgbImage;
import org.fr.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaceAnalyzerTest {
    private FaceDetector detector;
    private FaceAnalyzer analyzer;
    /** Gender by the SSR-Net network instead of the embedding probe (the default), on the same faces. */
    private FaceAnalyzer ssrGender;
    private final Map<String, FaceAttributes> ssrLabelled = new LinkedHashMap<>();
    /** Results on the hand-labelled LFW subset: label, attributes (computed once, used by several tests). */
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, FaceAttributes> labelled = new LinkedHashMap<>();

    @BeforeAll
    void setUp() throws IOException {
        detector = Components.detector("ultraface", ComponentOptions.empty());
        analyzer = FaceAnalyzer.builder().all().build();
        ssrGender = FaceAnalyzer.builder().with(Analysis.GENDER).options(ComponentOptions.empty().with("gender-method", "ssr")).build();
        try (InputStream in = getClass().getResourceAsStream("/lfw-gender-test-labels.tsv")) {
            boolean header = true;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                if (header) { header = false; continue; }
                String[] f = line.strip().split("\t");
                labels.put(f[0], f[1]);
            }
        }
        Path lfw = TestData.root().resolve("lfw/images");
        for (var e : labels.entrySet()) {
            RgbImage img = ImageDecoder.read(lfw.resolve(e.getKey()).resolve(e.getKey() + "_0001.jpg"));
            // LFW names the face at the centre of the photo, and the probe was trained on that face
            // (`fr train-gender-probe`): the largest face is another person in Julianne_Moore_0001.jpg.
            DetectedFace face = FaceRecognizer.nearestCentre(detector.detect(img), img.width(), img.height()).orElse(null);
            if (face != null) {
                labelled.put(e.getKey(), analyzer.analyze(img, face));
                ssrLabelled.put(e.getKey(), ssrGender.analyze(img, face));
            }
        }
    }

    @AfterAll
    void tearDown() throws Exception {
        analyzer.close();
        ssrGender.close();
        detector.close();
    }

    private static DetectedFace largest(List<DetectedFace> faces) {
        return faces.stream().max(Comparator.comparingDouble(f -> f.box().area())).orElse(null);
    }

    @Test
    void labelFileIsBalancedAndLargeEnough() {
        long female = labels.values().stream().filter("female"::equals).count();
        long male = labels.values().stream().filter("male"::equals).count();
        assertThat(female + male).isEqualTo(labels.size()).isGreaterThanOrEqualTo(100);
        assertThat(female).isEqualTo(male);
        assertThat(labelled.size()).as("faces found in the labelled subset").isGreaterThanOrEqualTo(labels.size() - 3);
    }

    @Test
    void yawChangesSignWhenThePhotoIsMirrored() throws IOException {
        FaceAnalyzer pose = FaceAnalyzer.builder().with(Analysis.POSE).build();
        try (pose; Stream<Path> dirs = Files.list(TestData.root().resolve("lfw/images"))) {
            List<Path> people = dirs.filter(Files::isDirectory).sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .limit(200).toList();
            assertThat(people).hasSize(200);
            int evaluated = 0, consistent = 0;
            List<String> failures = new ArrayList<>();
            for (Path person : people) {
                String name = person.getFileName().toString();
                RgbImage img = ImageDecoder.read(person.resolve(name + "_0001.jpg"));
                DetectedFace face = largest(detector.detect(img));
                RgbImage mirrored = img.mirrored();
                DetectedFace mface = largest(detector.detect(mirrored));
                if (face == null || mface == null) continue;
                float yaw = pose.analyze(img, face).pose().yaw();
                float myaw = pose.analyze(mirrored, mface).pose().yaw();
                evaluated++;
                boolean ok = Math.signum(yaw) == -Math.signum(myaw) && yaw != 0
                        || Math.abs(yaw) < 2 && Math.abs(myaw) < 2;
                if (ok) consistent++;
                else failures.add(String.format("%s %.1f/%.1f", name, yaw, myaw));
            }
            double rate = (double) consistent / evaluated;
            System.out.printf("pose mirror test: %d/%d faces (%.1f%%) flip the sign of yaw or have both |yaw| < 2 deg; "
                    + "not consistent: %s%n", consistent, evaluated, 100 * rate, failures);
            assertThat(evaluated).isGreaterThanOrEqualTo(195);
            assertThat(rate).isGreaterThanOrEqualTo(POSE_FLIP_FLOOR);
        }
    }

    @Test
    void genderAccuracyOnHandLabelledLfwFaces() {
        double ssr = genderAccuracy("SSR-Net, gender-method=ssr", ssrLabelled);
        double probe = genderAccuracy("embedding probe, the default", labelled);
        assertThat(ssr).isGreaterThanOrEqualTo(SSR_GENDER_ACCURACY_FLOOR);
        assertThat(probe).isGreaterThanOrEqualTo(PROBE_GENDER_ACCURACY_FLOOR);
    }

    private double genderAccuracy(String method, Map<String, FaceAttributes> results) {
        int right = 0;
        List<String> wrong = new ArrayList<>();
        for (var e : results.entrySet()) {
            FaceAttributes a = e.getValue();
            assertThat(a.gender()).isIn("male", "female");
            assertThat(a.genderScore()).isBetween(0.5f, 1f);
            if (a.gender().equals(labels.get(e.getKey()))) right++;
            else wrong.add(e.getKey() + "(" + a.gender() + " " + String.format("%.2f", a.genderScore()) + ")");
        }
        double accuracy = (double) right / results.size();
        System.out.printf("gender (%s) accuracy on %d hand-labelled LFW faces: %.4f; wrong: %s%n", method, results.size(),
                accuracy, wrong);
        return accuracy;
    }

    /**
     * SSR-Net on this evaluation list: measured 0.8250 (99 of 120) at commit 0f0f962 with either face choice (nearest
     * the centre or largest; 0.8333 was measured on an earlier commit). The floor leaves a face for drift. The
     * network alone does NOT reach the issue's target, 0.93, on these grayscale photos: it calls many women "male".
     */
    static final double SSR_GENDER_ACCURACY_FLOOR = 0.81;

    /**
     * The embedding probe (trained on 2,956 other LFW people, see docs/gender.md): measured 1.0000 (120 of 120; the
     * least confident face has |logit| 0.24); the floor is the issue's target.
     */
    static final double PROBE_GENDER_ACCURACY_FLOOR = 0.93;

    /** The issue's target for the mirror test, met once the network's yaw offset is removed. */
    static final double POSE_FLIP_FLOOR = 0.95;

    /**
     * Re-measures {@link FaceAnalyzer#YAW_OFFSET} by mirror symmetry on 100 LFW people (201 to 300 in name order,
     * outside the mirror test's 200 but inside the 300 it was measured on): the mean of {@code (yaw + mirroredYaw) / 2}
     * of the raw network, i.e. after adding the offset back, must lie within 0.6 degrees of the constant.
     */
    @Test
    void yawOffsetMatchesMirrorSymmetryOnHeldOutFaces() throws IOException {
        FaceAnalyzer pose = FaceAnalyzer.builder().with(Analysis.POSE).build();
        try (pose; Stream<Path> dirs = Files.list(TestData.root().resolve("lfw/images"))) {
            List<Path> people = dirs.filter(Files::isDirectory).sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .skip(200).limit(100).toList();
            double sum = 0;
            int n = 0;
            for (Path person : people) {
                String name = person.getFileName().toString();
                RgbImage img = ImageDecoder.read(person.resolve(name + "_0001.jpg"));
                RgbImage mirrored = img.mirrored();
                DetectedFace face = largest(detector.detect(img)), mface = largest(detector.detect(mirrored));
                if (face == null || mface == null) continue;
                float raw = pose.analyze(img, face).pose().yaw() + FaceAnalyzer.YAW_OFFSET;
                float mraw = pose.analyze(mirrored, mface).pose().yaw() + FaceAnalyzer.YAW_OFFSET;
                sum += (raw + mraw) / 2;
                n++;
            }
            double offset = sum / n;
            System.out.printf("yaw offset re-measured on %d held-out faces: %.3f degrees (constant %.2f)%n", n, offset,
                    FaceAnalyzer.YAW_OFFSET);
            assertThat(n).isGreaterThanOrEqualTo(95);
            assertThat(offset).isCloseTo(FaceAnalyzer.YAW_OFFSET, within(0.6));
        }
    }

    @Test
    void meanAgeIsPlausible() {
        double sum = 0, sq = 0;
        int n = 0;
        for (FaceAttributes a : labelled.values()) {
            float age = a.ageIfPresent().orElseThrow();
            assertThat(age).isBetween(0f, 101f);
            sum += age;
            sq += (double) age * age;
            n++;
        }
        double mean = sum / n, std = Math.sqrt(Math.max(0, sq / n - mean * mean));
        System.out.printf("age over %d LFW faces: mean %.2f, std %.2f years%n", n, mean, std);
        assertThat(mean).isBetween(15.0, 80.0);
        assertThat(std).as("ages are not all the same").isGreaterThan(1.0);
    }

    /**
     * Birth years of LFW people, from their public biographies; the LFW photos are news photos of about 2002-2004, so
     * the documented age is taken as {@code 2003 - year}.
     */
    static final Map<String, Integer> BIRTH_YEARS = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Map.ofEntries(
            Map.entry("Hilary_Duff", 1987), Map.entry("Serena_Williams", 1981), Map.entry("Britney_Spears", 1981),
            Map.entry("Lleyton_Hewitt", 1981), Map.entry("Jennifer_Capriati", 1976), Map.entry("Tiger_Woods", 1975),
            Map.entry("Leonardo_DiCaprio", 1974), Map.entry("Tony_Blair", 1953), Map.entry("George_W_Bush", 1946),
            Map.entry("Kofi_Annan", 1938), Map.entry("Colin_Powell", 1937), Map.entry("Donald_Rumsfeld", 1932),
            Map.entry("Ariel_Sharon", 1928), Map.entry("Fidel_Castro", 1926), Map.entry("Queen_Elizabeth_II", 1926),
            Map.entry("Jimmy_Carter", 1924), Map.entry("Nelson_Mandela", 1918))));

    /**
     * Monotonicity: the mean predicted age of each person (first 5 photos) must rank people roughly as their
     * documented ages do (Spearman rank correlation {@link #AGE_RANK_CORRELATION_FLOOR} or more), and everyone 65 or
     * older must be predicted older, on average, than everyone under 30.
     */
    @Test
    void predictedAgeFollowsDocumentedAge() throws IOException {
        FaceAnalyzer age = FaceAnalyzer.builder().with(Analysis.AGE).build();
        List<double[]> rows = new ArrayList<>(); // documented, predicted
        double youngMax = Double.NEGATIVE_INFINITY, oldMin = Double.POSITIVE_INFINITY;
        try (age) {
            for (var e : BIRTH_YEARS.entrySet()) {
                Path dir = TestData.root().resolve("lfw/images").resolve(e.getKey());
                List<Path> photos;
                try (Stream<Path> s = Files.list(dir)) {
                    photos = s.sorted().limit(5).toList();
                }
                double sum = 0;
                int n = 0;
                for (Path p : photos) {
                    RgbImage img = ImageDecoder.read(p);
                    DetectedFace face = largest(detector.detect(img));
                    if (face == null) continue;
                    sum += age.analyze(img, face).age();
                    n++;
                }
                assertThat(n).as("faces of " + e.getKey()).isGreaterThan(0);
                int documented = 2003 - e.getValue();
                double predicted = sum / n;
                System.out.printf("age %-20s documented %2d, predicted %.1f (%d photos)%n", e.getKey(), documented, predicted, n);
                rows.add(new double[] {documented, predicted});
                if (documented < 30) youngMax = Math.max(youngMax, predicted);
                if (documented >= 65) oldMin = Math.min(oldMin, predicted);
            }
        }
        double rho = spearman(rows);
        System.out.printf("age: Spearman rank correlation %.3f over %d people; oldest predicted under 30: %.1f, youngest "
                + "predicted 65+: %.1f%n", rho, rows.size(), youngMax, oldMin);
        assertThat(rho).isGreaterThanOrEqualTo(AGE_RANK_CORRELATION_FLOOR);
        assertThat(oldMin).as("every 65+ person predicted older than every under-30 person").isGreaterThan(youngMax);
    }

    static final double AGE_RANK_CORRELATION_FLOOR = 0.6;

    /** Spearman's rho of the two columns (average ranks for ties). */
    static double spearman(List<double[]> rows) {
        double[] a = ranks(rows, 0), b = ranks(rows, 1);
        double ma = java.util.Arrays.stream(a).average().orElse(0), mb = java.util.Arrays.stream(b).average().orElse(0);
        double num = 0, da = 0, db = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - ma) * (b[i] - mb);
            da += (a[i] - ma) * (a[i] - ma);
            db += (b[i] - mb) * (b[i] - mb);
        }
        return num / Math.sqrt(da * db);
    }

    private static double[] ranks(List<double[]> rows, int col) {
        int n = rows.size();
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        java.util.Arrays.sort(idx, Comparator.comparingDouble(i -> rows.get(i)[col]));
        double[] r = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && rows.get(idx[j + 1])[col] == rows.get(idx[i])[col]) j++;
            for (int k = i; k <= j; k++) r[idx[k]] = (i + j) / 2.0 + 1;
            i = j + 1;
        }
        return r;
    }

    @Test
    void spearmanOfAPerfectAndAReversedRanking() {
        List<double[]> up = List.of(new double[] {1, 10}, new double[] {2, 20}, new double[] {3, 35}, new double[] {4, 36});
        List<double[]> down = List.of(new double[] {1, 4}, new double[] {2, 3}, new double[] {3, 2}, new double[] {4, 1});
        assertThat(spearman(up)).isCloseTo(1.0, within(1e-12));
        assertThat(spearman(down)).isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void expressionProbabilitiesSumToOne() {
        for (var e : labelled.entrySet()) {
            Map<String, Float> p = e.getValue().expressionProbabilities();
            assertThat(p.keySet()).containsExactlyElementsOf(FaceAnalyzer.EXPRESSION_LABELS);
            assertThat(p.values()).allSatisfy(v -> assertThat(v).isBetween(0f, 1f));
            assertThat(p.values().stream().mapToDouble(Float::doubleValue).sum()).isCloseTo(1.0, within(1e-4));
            String best = p.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            assertThat(e.getValue().expression()).isEqualTo(best);
        }
    }

    @Test
    void livenessScoresOfPeoplePhotosAreProbabilities() throws IOException {
        List<Path> photos;
        try (Stream<Path> s = Files.list(TestData.root().resolve("people/photos"))) {
            photos = s.filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)$")).sorted().toList();
        }
        assertThat(photos).hasSize(13);
        FaceAnalyzer live = FaceAnalyzer.builder().with(Analysis.LIVENESS).build();
        List<Float> scores = new ArrayList<>();
        try (live) {
            assertThat(live.analyses()).containsExactly(Analysis.LIVENESS);
            for (Path photo : photos) {
                RgbImage img = ImageDecoder.read(photo);
                DetectedFace face = largest(detector.detect(img));
                assertThat(face).as("a face in " + photo).isNotNull();
                FaceAttributes a = live.analyze(img, face);
                assertThat(a.age()).isNull();
                assertThat(a.poseIfPresent()).isEmpty();
                System.out.printf("liveness %-22s %.4f%n", photo.getFileName(), a.liveness());
                assertThat(a.liveness()).isBetween(0f, 1f);
                scores.add(a.liveness());
            }
        }
        assertThat(scores.stream().distinct().count()).as("scores depend on the photo").isGreaterThan(1);
    }

    @Test
    void antiSpoofingLivenessOfPeoplePhotos() throws IOException {
        List<Path> photos;
        try (Stream<Path> s = Files.list(TestData.root().resolve("people/photos"))) {
            photos = s.filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)$")).sorted().toList();
        }
        FaceAnalyzer live = FaceAnalyzer.builder().with(Analysis.LIVENESS)
                .options(ComponentOptions.empty().with("liveness-method", "antispoofing")).build();
        List<Float> scores = new ArrayList<>();
        try (live) {
            for (Path photo : photos) {
                RgbImage img = ImageDecoder.read(photo);
                DetectedFace face = largest(detector.detect(img));
                float l = live.analyze(img, face).liveness();
                System.out.printf("antispoofing liveness %-22s %.4f%n", photo.getFileName(), l);
                assertThat(l).isBetween(0f, 1f);
                scores.add(l);
            }
        }
        assertThat(scores).hasSize(13);
        assertThat(scores.stream().distinct().count()).as("scores depend on the photo").isGreaterThan(1);
        long live08 = scores.stream().filter(v -> v > 0.8f).count();
        System.out.printf("antispoofing: %d of %d real photos above 0.8 (the app's live threshold)%n", live08, scores.size());
    }

    @Test
    void unknownMethodsAreRefusedByName() {
        assertThatThrownBy(() -> FaceAnalyzer.builder().with(Analysis.LIVENESS)
                .options(ComponentOptions.empty().with("liveness-method", "magic")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("magic").hasMessageContaining("antispoofing");
        assertThatThrownBy(() -> FaceAnalyzer.builder().with(Analysis.GENDER)
                .options(ComponentOptions.empty().with("gender-method", "guess")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("guess").hasMessageContaining("probe");
    }

    @Test
    void ssrDecodingFollowsTheStagewiseFormula() {
        float[] x = new float[21];
        x[2] = 1; // stage 1: all mass in bin 2, no offsets or deltas
        assertThat(FaceAnalyzer.ssrMerge(x, 101)).isCloseTo(2.0 / 3 * 101, within(1e-6));
        x[9] = 1; // delta of stage 1 widens the bins: divide by 3 * (1 + 1)
        x[14] = 0.5f; // offset of bin 2 of stage 1
        x[3] = 1; x[15] = 1; // stage 2: bin 0 with offset 1
        double a = 2.5 / 6, b = 1.0 / 6 / 3;
        assertThat(FaceAnalyzer.ssrMerge(x, 1)).isCloseTo(a + b, within(1e-6));
    }

    @Test
    void poseDecodingIsTheExpectedBinTimesThreeMinus99() {
        float[] logits = new float[66];
        logits[33] = 50;
        assertThat(FaceAnalyzer.binAngle(logits)).isCloseTo(0f, within(1e-3f));
        logits[33] = 0;
        logits[40] = 50;
        logits[41] = 50;
        assertThat(FaceAnalyzer.binAngle(logits)).isCloseTo(40.5f * 3 - 99, within(1e-3f));
    }

    @Test
    void builderNeedsAnAnalysis() {
        assertThatThrownBy(() -> FaceAnalyzer.builder().build()).isInstanceOf(IllegalStateException.class);
    }
}
