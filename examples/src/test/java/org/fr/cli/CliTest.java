package org.fr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.fr.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fr command's JSON lines and exit codes, run in-process. */
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int code, String out, String err) {
        List<JsonNode> lines() throws Exception {
            List<JsonNode> l = new ArrayList<>();
            for (String s : out.split("\n")) if (!s.isBlank()) l.add(JSON.readTree(s));
            return l;
        }
    }

    static synchronized Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static String photo(String name) {
        return TestData.root().resolve("people/photos").resolve(name).toString();
    }

    @Test
    void detectFindsBothFacesAsJson() throws Exception {
        Run r = run("detect", photo("longoria-cooper.jpg"));
        assertThat(r.code()).isZero();
        JsonNode line = r.lines().get(0);
        assertThat(line.get("image").asText()).endsWith("longoria-cooper.jpg");
        assertThat(line.get("faces")).hasSize(2);
        JsonNode face = line.get("faces").get(0);
        assertThat(face.get("box")).hasSize(4);
        assertThat(face.get("landmarks")).hasSize(5);
        assertThat(face.get("score").asDouble()).isBetween(0.0, 1.0);
        assertThat(line.get("ms").asDouble()).isPositive();
    }

    /** Every subcommand answers --help with its usage on stdout and exit 0, as the parameter errors suggest. */
    @Test
    void subcommandsAnswerHelp() throws Exception {
        for (String[] cmd : new String[][] {{"detect"}, {"verify"}, {"eval-detect"}, {"enroll"}, {"gallery", "list"}, {"lfw-one-face"}}) {
            String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
            assertThat(r.out()).startsWith("Usage: fr " + String.join(" ", cmd));
        }
        Run missing = run("verify");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("Try 'fr verify --help'.");
    }

    @Test
    void detectDrawsAPng(@TempDir Path dir) throws Exception {
        Run r = run("detect", "--draw", dir.toString(), photo("longoria-cooper.jpg"));
        assertThat(r.code()).isZero();
        var png = javax.imageio.ImageIO.read(dir.resolve("longoria-cooper.png").toFile());
        assertThat(png).isNotNull();
    }

    @Test
    void verifySamePeopleAndCrossPairs() throws Exception {
        String[][] same = {{"lennon-1.jpg", "lennon-2.jpg"}, {"clapton-1.jpg", "clapton-2.jpg"}};
        for (String[] p : same) {
            Run r = run("verify", photo(p[0]), photo(p[1]));
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.lines().get(0).get("same").asBoolean()).as(p[0] + " " + p[1]).isTrue();
        }
        for (String a : List.of("lennon-1.jpg", "lennon-2.jpg")) {
            for (String b : List.of("clapton-1.jpg", "clapton-2.jpg")) {
                JsonNode l = run("verify", photo(a), photo(b)).lines().get(0);
                assertThat(l.get("same").asBoolean()).as(a + " " + b).isFalse();
                assertThat(l.get("similarity").asDouble()).isLessThan(l.get("threshold").asDouble());
            }
        }
    }

    @Test
    void embedPrintsUnitVectors() throws Exception {
        Run r = run("embed", photo("lennon-1.jpg"));
        assertThat(r.code()).isZero();
        JsonNode emb = r.lines().get(0).get("faces").get(0).get("embedding");
        assertThat(emb).hasSize(512);
        double n = 0;
        for (JsonNode v : emb) n += v.asDouble() * v.asDouble();
        assertThat(Math.sqrt(n)).isBetween(0.9999, 1.0001);
    }

    @Test
    void negativesGiveNoFaceOnAtLeast26Of29() throws Exception {
        List<String> args = new ArrayList<>(List.of("detect"));
        try (var files = Files.list(TestData.root().resolve("negatives"))) {
            files.sorted().forEach(p -> args.add(p.toString()));
        }
        Run r = run(args.toArray(String[]::new));
        assertThat(r.code()).isZero();
        List<JsonNode> lines = r.lines();
        assertThat(lines).hasSize(29);
        long empty = lines.stream().filter(l -> l.get("faces").isEmpty()).count();
        System.out.println("fr detect negatives with no face: " + empty + "/29");
        assertThat(empty).isGreaterThanOrEqualTo(26);
    }

    /** A small real subset of LFW (20 + 20 pairs per fold), by the full 10-fold protocol. */
    @Test
    void evalLfwSubset(@TempDir Path dir) throws Exception {
        Path lfw = TestData.root().resolve("lfw");
        Path png = dir.resolve("hist.png");
        Run r = run("eval-lfw", "--root", lfw.resolve("images").toString(), "--pairs", lfw.resolve("pairs.txt").toString(),
                "--pairs-per-fold", "20", "--plot", png.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = r.lines();
        assertThat(lines).hasSize(11);
        JsonNode last = lines.get(10);
        assertThat(last.get("pairs").asInt()).isEqualTo(400);
        assertThat(last.get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.97);
        assertThat(last.has("no_face")).isTrue();
        assertThat(last.get("std").asDouble()).isGreaterThanOrEqualTo(0.0);
        assertThat(r.err()).contains("400/400".replace("400/400", "/" + last.get("images").asInt() + " images"));
        var img = javax.imageio.ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(900);
    }

    // ---- bad input: one line naming the file and the problem, exit 2, no stack trace ----

    private static void assertBadInput(Run r, Path file, String problem) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        String err = r.err().strip();
        assertThat(err.lines().count()).as(err).isEqualTo(1);
        assertThat(err).contains(file.getFileName().toString()).containsIgnoringCase(problem);
        assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.out()).isBlank();
    }

    @Test
    void emptyFile(@TempDir Path dir) throws Exception {
        Path f = Files.write(dir.resolve("empty.jpg"), new byte[0]);
        assertBadInput(run("detect", f.toString()), f, "empty");
    }

    @Test
    void textFileNamedJpg(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("notes.jpg"), "this is not an image\n");
        assertBadInput(run("detect", f.toString()), f, "not a recognised image");
    }

    @Test
    void truncatedJpeg(@TempDir Path dir) throws Exception {
        byte[] jpeg = Files.readAllBytes(Path.of(photo("lennon-1.jpg")));
        Path f = Files.write(dir.resolve("cut.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 2));
        assertBadInput(run("detect", f.toString()), f, "truncated");
    }

    @Test
    void onePixelPng(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("dot.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", f.toFile());
        assertBadInput(run("detect", f.toString()), f, "too small");
    }

    @Test
    void hugePngHeader(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("huge.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", f.toFile());
        byte[] b = Files.readAllBytes(f);
        // IHDR data starts at byte 16: width, height as big-endian ints; its CRC follows the 13 data bytes.
        java.nio.ByteBuffer.wrap(b, 16, 8).putInt(50000).putInt(50000);
        CRC32 crc = new CRC32();
        crc.update(b, 12, 17);
        java.nio.ByteBuffer.wrap(b, 29, 4).putInt((int) crc.getValue());
        Files.write(f, b);
        assertBadInput(run("detect", f.toString()), f, "50000x50000");
    }

    @Test
    void verifyWithBadImageAlsoExits2(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("x.png"), "nope");
        Run r = run("verify", f.toString(), photo("lennon-1.jpg"));
        assertBadInput(r, f, "not a recognised image");
    }

    @Test
    void unknownOptionExits2() {
        Run r = run("detect", "--no-such-option", "x.jpg");
        assertThat(r.code()).isEqualTo(2);
    }

    /** A model file whose hash differs from the pinned one is refused, naming both hashes; exit 1. */
    @Test
    void tamperedModelIsRefused(@TempDir Path dir) throws Exception {
        Path faceplugin = Files.createDirectories(dir.resolve("faceplugin"));
        byte[] model;
        try (var in = getClass().getClassLoader().getResourceAsStream("org/fr/models/faceplugin/fr_detect.onnx")) {
            model = in.readAllBytes();
        }
        model[model.length / 2] ^= 1;
        Files.write(faceplugin.resolve("fr_detect.onnx"), model);
        System.setProperty("fr.models.dir", dir.toString());
        try {
            Run r = run("detect", photo("lennon-1.jpg"));
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("faceplugin/fr_detect").containsPattern("expected [0-9a-f]{64}, found [0-9a-f]{64}");
            assertThat(r.err().strip().lines().count()).isEqualTo(1);
        } finally {
            System.clearProperty("fr.models.dir");
        }
    }

    /** fr analyze: every field of the contract for each face, values in range. */
    @Test
    void analyzePrintsEveryAttribute() throws Exception {
        Run r = run("analyze", photo("longoria-cooper.jpg"));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode faces = r.lines().get(0).get("faces");
        assertThat(faces).hasSize(2);
        for (JsonNode f : faces) {
            assertThat(f.get("age").asDouble()).isBetween(1.0, 100.0);
            assertThat(f.get("gender").asText()).isIn("male", "female");
            assertThat(f.get("gender_score").asDouble()).isBetween(0.5, 1.0);
            assertThat(f.get("expression").asText()).isNotBlank();
            assertThat(f.get("pose").get("yaw").asDouble()).isBetween(-99.0, 99.0);
            assertThat(f.get("liveness").asDouble()).isBetween(0.0, 1.0);
        }
        Run only = run("analyze", "--only", "AGE", photo("lennon-1.jpg"));
        JsonNode face = only.lines().get(0).get("faces").get(0);
        assertThat(face.has("age")).isTrue();
        assertThat(face.has("gender")).isFalse();
    }
}
