package org.fr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.fr.Embedding;
import org.fr.FaceRecognizer;
import org.fr.Gallery;
import org.fr.GalleryIdentity;
import org.fr.TestData;
import org.fr.cli.CliTest.Run;
import org.fr.gallery.GallerySnapshot;
import org.fr.gallery.io.GalleryFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fr enroll}, {@code fr identify} and {@code fr gallery}, run in-process on the shared photos. */
class GalleryCliTest {
    /** A negative image in which the default detector finds no face. */
    private static final String NO_FACE = "brick.png";

    @TempDir
    static Path shared;
    /** lennon-1, clapton-1 and adams, enrolled by name. Tests that change a db work on a copy. */
    static Path db;

    static Run run(String... args) {
        return CliTest.run(args);
    }

    static String photo(String name) {
        return TestData.root().resolve("people/photos").resolve(name).toString();
    }

    static String negative(String name) {
        return TestData.root().resolve("negatives").resolve(name).toString();
    }

    static Run ok(String... args) {
        Run r = run(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isZero();
        return r;
    }

    /** Enrols lennon-1, clapton-1 and adams one at a time, as three runs, into {@code file}. */
    static List<Run> enrolThree(Path file) {
        return List.of(
                ok("enroll", "--db", file.toString(), "--name", "lennon", photo("lennon-1.jpg")),
                ok("enroll", "--db", file.toString(), "--name", "clapton", photo("clapton-1.jpg")),
                ok("enroll", "--db", file.toString(), "--name", "adams", photo("adams.jpg")));
    }

    @BeforeAll
    static void enrolShared() {
        db = shared.resolve("face_db.json");
        enrolThree(db);
    }

    private static Path copyOfDb(Path dir) throws Exception {
        return Files.copy(db, dir.resolve("face_db.json"));
    }

    /** One line on stderr naming the file and the problem, exit 2, nothing on stdout, no stack trace. */
    private static void assertBadInput(Run r, Path file, String... problem) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        String err = r.err().strip();
        assertThat(err.lines().count()).as(err).isEqualTo(1);
        assertThat(err).contains(file.getFileName().toString());
        for (String p : problem) assertThat(err).containsIgnoringCase(p);
        assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.out()).isBlank();
    }

    // ---- enroll --name, and identify ----

    @Test
    void maxYawSkipsFacesTurnedTooFar(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("face_db.json");
        Path lfw = TestData.root().resolve("lfw/images");
        String turned = lfw.resolve("Alfredo_Pena/Alfredo_Pena_0001.jpg").toString(); // yaw about 23 degrees
        String frontal = lfw.resolve("Aaron_Eckhart/Aaron_Eckhart_0001.jpg").toString(); // yaw about -1 degree
        List<JsonNode> lines = ok("enroll", "--db", file.toString(), "--name", "x", "--max-yaw", "12", turned, frontal).lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).get("image").asText()).isEqualTo(turned);
        assertThat(lines.get(0).get("problem").asText()).matches("turned 2[0-6] degrees \\(max 12\\.0\\)");
        assertThat(lines.get(0).get("skipped").asBoolean()).isTrue();
        assertThat(lines.get(1).get("enrolled").asInt()).isEqualTo(1);
        assertThat(lines.get(2).get("skipped").asInt()).isEqualTo(1);
        // Without the option both are enrolled.
        List<JsonNode> all = ok("enroll", "--db", dir.resolve("all.json").toString(), "--name", "x", turned, frontal).lines();
        assertThat(all.get(0).get("enrolled").asInt()).isEqualTo(2);
        Run bad = run("enroll", "--db", dir.resolve("bad.json").toString(), "--name", "x", "--max-yaw", "0", frontal);
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--max-yaw");
    }

    @Test
    void enrolByNameKeepsEarlierIdentities(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("face_db.json");
        List<Run> runs = enrolThree(file);
        for (int i = 0; i < 3; i++) {
            List<JsonNode> lines = runs.get(i).lines();
            assertThat(lines).hasSize(2);
            JsonNode id = lines.get(0);
            assertThat(id.get("identity").asText()).isEqualTo(List.of("lennon", "clapton", "adams").get(i));
            assertThat(id.get("enrolled").asInt()).isEqualTo(1);
            assertThat(id.get("embeddings").asInt()).isEqualTo(1);
            assertThat(id.get("db").asText()).isEqualTo(file.toString());
            JsonNode summary = lines.get(1);
            assertThat(summary.get("identities").asInt()).isEqualTo(1);
            assertThat(summary.get("embeddings").asInt()).isEqualTo(1);
            assertThat(summary.get("skipped").asInt()).isZero();
            assertThat(summary.get("db_identities").asInt()).as("earlier identities are kept").isEqualTo(i + 1);
            assertThat(summary.get("db_embeddings").asInt()).isEqualTo(i + 1);
            assertThat(runs.get(i).err()).contains("fr enroll: 1/1 images");
        }
        // The file on disk holds all three, with their sources.
        GallerySnapshot s = GalleryFiles.load(file);
        assertThat(s.identities()).extracting(GalleryIdentity::name).containsExactlyInAnyOrder("lennon", "clapton", "adams");
        GalleryIdentity lennon = s.identities().stream().filter(i -> i.name().equals("lennon")).findFirst().orElseThrow();
        assertThat(lennon.metadata().get("source.0")).endsWith("lennon-1.jpg");
        assertThat(Path.of(lennon.metadata().get("source.0")).isAbsolute()).isTrue();

        // A second photo of a known person adds to it.
        JsonNode again = ok("enroll", "--db", file.toString(), "--name", "lennon", photo("lennon-2.jpg")).lines().get(0);
        assertThat(again.get("enrolled").asInt()).isEqualTo(1);
        assertThat(again.get("embeddings").asInt()).isEqualTo(2);
        assertThat(GalleryFiles.load(file).embeddingCount()).isEqualTo(4);
    }

    @Test
    void identifyNamesKnownPeopleAndNotStrangers() throws Exception {
        Run r = ok("identify", "--db", db.toString(), photo("lennon-2.jpg"), photo("clapton-2.jpg"), photo("carell.jpg"));
        List<JsonNode> lines = r.lines();
        assertThat(lines).hasSize(3);
        float threshold = GalleryFiles.load(db).threshold();
        String[] expected = {"lennon", "clapton", null};
        String[] images = {"lennon-2.jpg", "clapton-2.jpg", "carell.jpg"};
        for (int i = 0; i < 3; i++) {
            JsonNode l = lines.get(i);
            assertThat(l.get("image").asText()).endsWith(images[i]);
            assertThat(l.get("face").asInt()).isZero();
            assertThat(l.get("box")).hasSize(4);
            JsonNode cands = l.get("candidates");
            assertThat(cands).as("--top defaults to 3 and the gallery has 3").hasSize(3);
            assertThat(cands.get(0).get("similarity").asDouble()).isGreaterThanOrEqualTo(cands.get(1).get("similarity").asDouble());
            assertThat(l.get("similarity").asDouble()).isEqualTo(cands.get(0).get("similarity").asDouble());
            if (expected[i] == null) {
                assertThat(l.get("identity").isNull()).as(l.toString()).isTrue();
                assertThat(l.get("similarity").asDouble()).isLessThan(threshold);
            } else {
                assertThat(l.get("identity").asText()).as(l.toString()).isEqualTo(expected[i]);
                assertThat(cands.get(0).get("identity").asText()).isEqualTo(expected[i]);
                assertThat(l.get("similarity").asDouble()).isGreaterThanOrEqualTo(threshold - 1e-4);
            }
        }
        // --top 1 lists only the best.
        JsonNode one = ok("identify", "--db", db.toString(), "--top", "1", photo("lennon-2.jpg")).lines().get(0);
        assertThat(one.get("candidates")).hasSize(1);
        assertThat(one.get("identity").asText()).isEqualTo("lennon");
    }

    @Test
    void distanceThresholdIsTheSquaredDistanceForm() throws Exception {
        String[] photos = {photo("lennon-2.jpg"), photo("clapton-2.jpg"), photo("carell.jpg")};
        Run byDistance = ok(concat(new String[] {"identify", "--db", db.toString(), "--distance-threshold", "1.24"}, photos));
        Run byCosine = ok(concat(new String[] {"identify", "--db", db.toString(), "--threshold", "0.38"}, photos));
        assertThat(byDistance.out()).isEqualTo(byCosine.out());
        assertThat(byCosine.lines()).extracting(l -> l.get("identity").isNull() ? null : l.get("identity").asText())
                .containsExactly("lennon", "clapton", null);
        // A threshold no pair of photos reaches makes everyone unknown, either way it is written.
        Run strictCos = ok(concat(new String[] {"identify", "--db", db.toString(), "--threshold", "0.999"}, photos));
        Run strictDist = ok(concat(new String[] {"identify", "--db", db.toString(), "--distance-threshold", "0.002"}, photos));
        assertThat(strictCos.lines()).allSatisfy(l -> assertThat(l.get("identity").isNull()).isTrue());
        assertThat(strictDist.out()).isEqualTo(strictCos.out());

        Run both = run("identify", "--db", db.toString(), "--threshold", "0.38", "--distance-threshold", "1.24", photos[0]);
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err().strip().lines().count()).isEqualTo(1);
        assertThat(both.err()).contains("not both");
        assertThat(both.out()).isBlank();
        Run outOfRange = run("identify", "--db", db.toString(), "--distance-threshold", "5", photos[0]);
        assertThat(outOfRange.code()).isEqualTo(2);
        assertThat(outOfRange.err()).contains("[0, 4]");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void anImageWithoutAFaceIsALineNotAnError() throws Exception {
        Run r = ok("identify", "--db", db.toString(), negative(NO_FACE));
        assertThat(r.lines()).singleElement().satisfies(l -> {
            assertThat(l.get("image").asText()).endsWith(NO_FACE);
            assertThat(l.get("faces").asInt()).isZero();
            assertThat(l.has("identity")).isFalse();
        });
    }

    @Test
    void identifyWalksFoldersAndGoesOnPastABadImage(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in/sub"));
        Files.copy(Path.of(photo("lennon-2.jpg")), dir.resolve("in/a-lennon.jpg"));
        Files.copy(Path.of(photo("longoria-cooper.jpg")), in.resolve("b-two.JPG"));
        Files.copy(Path.of(negative(NO_FACE)), dir.resolve("in/c-none.png"));
        Files.writeString(dir.resolve("in/readme.txt"), "not an image");
        Files.copy(Path.of(photo("clapton-2.jpg")), dir.resolve("in/.hidden.jpg"));
        Path bad = Files.writeString(dir.resolve("bad.jpg"), "this is not an image\n");

        Run r = run("identify", "--db", db.toString(), "--jobs", "2", dir.resolve("in").toString(), bad.toString(), photo("clapton-2.jpg"));
        assertThat(r.code()).as("an unreadable image is bad input").isEqualTo(2);
        assertThat(r.err().strip()).hasLineCount(1).contains("bad.jpg").containsIgnoringCase("not a recognised image");
        List<JsonNode> lines = r.lines();
        assertThat(lines).extracting(l -> Path.of(l.get("image").asText()).getFileName().toString())
                .containsExactly("a-lennon.jpg", "c-none.png", "b-two.JPG", "b-two.JPG", "clapton-2.jpg");
        assertThat(lines.get(0).get("identity").asText()).isEqualTo("lennon");
        assertThat(lines.get(1).get("faces").asInt()).isZero();
        assertThat(lines.get(2).get("face").asInt()).isZero();
        assertThat(lines.get(3).get("face").asInt()).isEqualTo(1);
        assertThat(lines.get(2).get("identity").isNull()).as("longoria and cooper are not enrolled").isTrue();
        assertThat(lines.get(3).get("identity").isNull()).isTrue();
        assertThat(lines.get(4).get("identity").asText()).isEqualTo("clapton");
    }

    // ---- enroll --pivot-root ----

    /**
     * pivots/lennon/{lennon-1.jpg, lennon-2.jpg, notes.jpg (text)}, pivots/clapton.jpg, pivots/nobody.png (no face),
     * pivots/longoria-cooper.jpg (two faces), pivots/empty/ (no image).
     */
    private static Path pivots(Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("pivots"));
        Path lennon = Files.createDirectories(root.resolve("lennon"));
        Files.copy(Path.of(photo("lennon-1.jpg")), lennon.resolve("lennon-1.jpg"));
        Files.copy(Path.of(photo("lennon-2.jpg")), lennon.resolve("lennon-2.jpg"));
        Files.writeString(lennon.resolve("notes.jpg"), "this is not an image\n");
        Files.copy(Path.of(photo("clapton-1.jpg")), root.resolve("clapton.jpg"));
        Files.copy(Path.of(negative(NO_FACE)), root.resolve("nobody.png"));
        Files.copy(Path.of(photo("longoria-cooper.jpg")), root.resolve("longoria-cooper.jpg"));
        Files.createDirectories(root.resolve("empty"));
        return root;
    }

    @Test
    void pivotRootReportsEachProblemAndEnrolsTheRest(@TempDir Path dir) throws Exception {
        Path root = pivots(dir);
        Path file = dir.resolve("pivots.json");
        Run r = ok("enroll", "--db", file.toString(), "--pivot-root", root.toString(), "--jobs", "2");
        List<JsonNode> lines = r.lines();
        assertThat(lines).hasSize(7);

        // Problems first, in path order.
        assertThat(lines.get(0).get("folder").asText()).isEqualTo(root.resolve("empty").toString());
        assertThat(lines.get(0).get("problem").asText()).isEqualTo("no image file");
        assertThat(lines.get(1).get("image").asText()).isEqualTo(root.resolve("lennon/notes.jpg").toString());
        assertThat(lines.get(1).get("identity").asText()).isEqualTo("lennon");
        assertThat(lines.get(1).get("problem").asText()).startsWith("unreadable: ").containsIgnoringCase("not a recognised image");
        assertThat(lines.get(2).get("image").asText()).isEqualTo(root.resolve("longoria-cooper.jpg").toString());
        assertThat(lines.get(2).get("problem").asText()).isEqualTo("2 faces");
        assertThat(lines.get(2).get("skipped").asBoolean()).isTrue();
        assertThat(lines.get(3).get("image").asText()).isEqualTo(root.resolve("nobody.png").toString());
        assertThat(lines.get(3).get("problem").asText()).isEqualTo("no face");

        // Then the identities enrolled, then the summary.
        assertThat(lines.get(4).get("identity").asText()).isEqualTo("clapton");
        assertThat(lines.get(4).get("enrolled").asInt()).isEqualTo(1);
        assertThat(lines.get(5).get("identity").asText()).isEqualTo("lennon");
        assertThat(lines.get(5).get("enrolled").asInt()).isEqualTo(2);
        JsonNode summary = lines.get(6);
        assertThat(summary.get("identities").asInt()).isEqualTo(2);
        assertThat(summary.get("embeddings").asInt()).isEqualTo(3);
        assertThat(summary.get("skipped").asInt()).isEqualTo(3);
        assertThat(summary.get("images").asInt()).isEqualTo(6);
        assertThat(r.err()).contains("6/6 images");

        GallerySnapshot s = GalleryFiles.load(file);
        assertThat(s.identities()).extracting(GalleryIdentity::name).containsExactlyInAnyOrder("clapton", "lennon");
        GalleryIdentity lennon = s.identities().stream().filter(i -> i.name().equals("lennon")).findFirst().orElseThrow();
        assertThat(lennon.metadata()).containsOnlyKeys("source.0", "source.1");
        assertThat(lennon.metadata().get("source.0")).endsWith("lennon-1.jpg");
        assertThat(lennon.metadata().get("source.1")).endsWith("lennon-2.jpg");

        JsonNode who = ok("identify", "--db", file.toString(), photo("clapton-2.jpg")).lines().get(0);
        assertThat(who.get("identity").asText()).isEqualTo("clapton");
    }

    @Test
    void pivotRootWithLargestTakesTheBiggerFaceAndSaysSo(@TempDir Path dir) throws Exception {
        Path root = pivots(dir);
        Path file = dir.resolve("pivots.bin");
        Run r = ok("enroll", "--db", file.toString(), "--pivot-root", root.toString(), "--multi", "largest", "--jobs", "1");
        JsonNode two = r.lines().stream().filter(l -> l.path("image").asText().endsWith("longoria-cooper.jpg")).findFirst().orElseThrow();
        assertThat(two.get("problem").asText()).isEqualTo("2 faces; took the largest");
        assertThat(two.get("skipped").asBoolean()).isFalse();
        JsonNode summary = r.lines().get(r.lines().size() - 1);
        assertThat(summary.get("identities").asInt()).isEqualTo(3);
        assertThat(summary.get("skipped").asInt()).isEqualTo(2);
        assertThat(GalleryFiles.load(file).identities()).extracting(GalleryIdentity::name).contains("longoria-cooper");
        JsonNode stats = ok("gallery", "stats", "--db", file.toString()).lines().get(0);
        assertThat(stats.get("format").asText()).isEqualTo("binary");
        assertThat(stats.get("embeddings").asInt()).isEqualTo(4);
    }

    @Test
    void enrolmentWithNoUsableFaceChangesNothingAndExits2(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("new.json");
        Run r = run("enroll", "--db", file.toString(), "--name", "nobody", negative(NO_FACE));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.lines().get(0).get("problem").asText()).isEqualTo("no face");
        assertThat(r.err()).contains("no face was enrolled").contains("was not created");
        assertThat(file).doesNotExist();

        Run both = run("enroll", "--db", file.toString(), "--name", "x", "--pivot-root", dir.toString(), photo("adams.jpg"));
        assertThat(both.code()).isEqualTo(2);
        Run noSub = run("gallery");
        assertThat(noSub.code()).isEqualTo(2);
        assertThat(noSub.err()).contains("Usage: fr gallery").contains("list").contains("remove").contains("stats");
        Run neither = run("enroll", "--db", file.toString());
        assertThat(neither.code()).isEqualTo(2);
        assertThat(neither.err().strip()).hasLineCount(1).contains("--name").contains("--pivot-root");
        Run multi = run("enroll", "--db", file.toString(), "--name", "x", "--multi", "all", photo("adams.jpg"));
        assertThat(multi.code()).isEqualTo(2);
        assertThat(multi.err()).contains("largest or skip");
        assertThat(file).doesNotExist();
    }

    // ---- gallery list / remove / stats ----

    @Test
    void galleryListRemoveStats(@TempDir Path dir) throws Exception {
        Path file = copyOfDb(dir);
        List<JsonNode> list = ok("gallery", "list", "--db", file.toString()).lines();
        assertThat(list).extracting(l -> l.get("identity").asText()).containsExactly("adams", "clapton", "lennon");
        assertThat(list).allSatisfy(l -> assertThat(l.get("embeddings").asInt()).isEqualTo(1));
        assertThat(list.get(2).get("metadata").get("source.0").asText()).endsWith("lennon-1.jpg");

        JsonNode stats = ok("gallery", "stats", "--db", file.toString()).lines().get(0);
        assertThat(stats.get("db").asText()).isEqualTo(file.toString());
        assertThat(stats.get("format").asText()).isEqualTo("json");
        assertThat(stats.get("bytes").asLong()).isEqualTo(Files.size(file));
        assertThat(stats.get("dimension").asInt()).isEqualTo(512);
        assertThat(stats.get("model").asText()).isEqualTo(GalleryFiles.load(file).modelId()).isNotBlank();
        assertThat(stats.get("scoring").asText()).isEqualTo("max");
        assertThat(stats.get("identities").asInt()).isEqualTo(3);
        assertThat(stats.get("embeddings").asInt()).isEqualTo(3);
        double t = stats.get("threshold").asDouble();
        try (FaceRecognizer fr = FaceRecognizer.builder().build()) {
            // A new gallery takes the threshold calibrated for a false-match rate of 1e-3, else the default.
            Float calibrated = fr.embedder().calibratedThresholds().get(1e-3);
            double expected = calibrated != null ? calibrated : fr.embedder().defaultThreshold();
            assertThat(t).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(stats.get("model").asText()).isEqualTo(fr.embedder().modelId());
        }
        assertThat(stats.get("distance_threshold").asDouble()).isCloseTo(2 - 2 * t, org.assertj.core.data.Offset.offset(1e-3));

        JsonNode removed = ok("gallery", "remove", "--db", file.toString(), "clapton").lines().get(0);
        assertThat(removed.get("identity").asText()).isEqualTo("clapton");
        assertThat(removed.get("removed").asBoolean()).isTrue();
        assertThat(ok("gallery", "list", "--db", file.toString()).lines()).extracting(l -> l.get("identity").asText())
                .containsExactly("adams", "lennon");
        assertThat(ok("gallery", "stats", "--db", file.toString()).lines().get(0).get("identities").asInt()).isEqualTo(2);
        assertThat(ok("identify", "--db", file.toString(), photo("clapton-2.jpg")).lines().get(0).get("identity").isNull()).isTrue();

        // Removing a name that is not there changes nothing, even with a good name beside it.
        byte[] before = Files.readAllBytes(file);
        Run unknown = run("gallery", "remove", "--db", file.toString(), "adams", "nobody");
        assertBadInput(unknown, file, "no identity nobody", "nothing was removed");
        assertThat(unknown.err()).startsWith("fr gallery remove: ");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(file.getParent()).isDirectoryNotContaining(p -> !p.equals(file));
    }

    @Test
    void missingDbIsBadInput(@TempDir Path dir) {
        Path file = dir.resolve("none.json");
        assertBadInput(run("gallery", "list", "--db", file.toString()), file, "no such gallery file");
        assertBadInput(run("identify", "--db", file.toString(), photo("adams.jpg")), file, "no such gallery file");
    }

    // ---- a db that does not fit ----

    @Test
    void aDbOfAnotherModelIsRefusedAndKept(@TempDir Path dir) throws Exception {
        Random rnd = new Random(1);
        float[] v = new float[128];
        for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian();
        GallerySnapshot other = new GallerySnapshot("other/model", 128, 0.4f, Gallery.Scoring.MAX,
                List.of(new GalleryIdentity("someone", List.of(Embedding.normalised("other/model", v)), Map.of())));
        Path file = dir.resolve("other.json");
        GalleryFiles.save(other, file);
        byte[] before = Files.readAllBytes(file);

        assertBadInput(run("enroll", "--db", file.toString(), "--name", "lennon", photo("lennon-1.jpg")), file,
                "other/model", "dimension 128", "512");
        assertBadInput(run("identify", "--db", file.toString(), photo("lennon-2.jpg")), file, "other/model");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        // Without a model to compare with, the gallery commands still read it.
        assertThat(ok("gallery", "stats", "--db", file.toString()).lines().get(0).get("model").asText()).isEqualTo("other/model");
    }

    @Test
    void aTruncatedDbIsRefusedAndLeftAsItWas(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(db);
        for (String name : List.of("cut.json", "cut.bin")) {
            Path file = dir.resolve(name);
            if (name.endsWith(".bin")) {
                GalleryFiles.save(GalleryFiles.load(db), file);
                whole = Files.readAllBytes(file);
            }
            byte[] cut = Arrays.copyOf(whole, whole.length / 2);
            Files.write(file, cut);

            assertBadInput(run("enroll", "--db", file.toString(), "--name", "carell", photo("carell.jpg")), file);
            assertThat(Files.readAllBytes(file)).as(name).isEqualTo(cut);
            assertBadInput(run("identify", "--db", file.toString(), photo("lennon-2.jpg")), file);
            assertBadInput(run("gallery", "list", "--db", file.toString()), file);
            assertBadInput(run("gallery", "remove", "--db", file.toString(), "lennon"), file);
            assertThat(Files.readAllBytes(file)).as(name).isEqualTo(cut);
        }
    }
}
