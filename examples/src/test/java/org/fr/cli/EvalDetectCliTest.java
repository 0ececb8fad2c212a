package org.fr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.fr.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fr eval-detect} and {@code fr detect --threads}, run in-process on the shared data. */
class EvalDetectCliTest {
    static Path dlib() { return TestData.root().resolve("detection/dlib-faces"); }

    static Path wider() { return TestData.root().resolve("detection/wider-val-sample"); }

    static Path negatives() { return TestData.root().resolve("negatives"); }

    static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) out.add(it.next());
        return out;
    }

    /** The last line, checked to hold the fields first, in order, and consistent counts. */
    static JsonNode summary(CliTest.Run r, String set) throws Exception {
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = r.lines();
        JsonNode s = lines.get(lines.size() - 1);
        assertThat(fieldNames(s).subList(0, 6)).containsExactly("set", "recall_iou50", "recall_iou30", "precision", "false_positives", "images");
        assertThat(s.get("set").asText()).isEqualTo(set);
        int det = s.get("detections").asInt(), fp = s.get("false_positives").asInt();
        assertThat(fp).isBetween(0, det).isLessThanOrEqualTo(s.get("false_positives_iou50").asInt());
        if (det > 0) assertThat(s.get("precision").asDouble()).isEqualTo(Math.round(10000.0 * (det - fp) / det) / 10000.0);
        else assertThat(s.get("precision").isNull()).isTrue();
        if (s.get("faces").asInt() > 0) {
            assertThat(s.get("recall_iou30").asDouble()).isGreaterThanOrEqualTo(s.get("recall_iou50").asDouble());
        }
        assertThat(r.err()).contains("fr eval-detect: ").contains("images");
        return s;
    }

    @Test
    void ultrafaceOnTheDlibSetWithPerImageLinesAndDrawings(@TempDir Path dir) throws Exception {
        CliTest.Run r = CliTest.run("eval-detect", "--set", "dlib", "--data", dlib().toString(), "--per-image", "--draw", dir.toString());
        JsonNode s = summary(r, "dlib");
        assertThat(s.get("images").asInt()).isEqualTo(9);
        assertThat(s.get("faces").asInt()).isEqualTo(43);
        assertThat(s.get("detector").asText()).isEqualTo("ultraface");
        // the default detector finds nearly all of these frontal faces (measured: 43 of 43 at IoU 0.5, no false positive)
        assertThat(s.get("recall_iou30").asDouble()).isGreaterThanOrEqualTo(40 / 43.0);
        assertThat(s.get("false_positives").asInt()).isLessThanOrEqualTo(2);
        List<JsonNode> lines = r.lines();
        assertThat(lines).hasSize(10);
        int faces = 0, found = 0, fps = 0;
        for (JsonNode l : lines.subList(0, 9)) {
            faces += l.get("faces").asInt();
            found += l.get("found_iou30").asInt();
            fps += l.get("false_positives").asInt();
        }
        assertThat(faces).isEqualTo(43);
        assertThat(found).isEqualTo((int) Math.round(s.get("recall_iou30").asDouble() * 43));
        assertThat(fps).isEqualTo(s.get("false_positives").asInt());
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".png")).count()).isEqualTo(9);
        }
    }

    @Test
    void widerAddsTallRecallAndNegativesHaveNoRecall() throws Exception {
        JsonNode w = summary(CliTest.run("eval-detect", "--set", "wider", "--data", wider().toString(), "--threads", "2"), "wider");
        assertThat(w.get("images").asInt()).isEqualTo(4);
        assertThat(w.get("faces").asInt()).isEqualTo(328);
        assertThat(w.get("faces_h40").asInt()).isEqualTo(31);
        assertThat(w.get("recall_h40").asDouble()).isBetween(0.0, 1.0);
        // tall faces are easier: their recall is at least the overall one (measured for ultraface: 0.26 against 0.12)
        assertThat(w.get("recall_h40").asDouble()).isGreaterThan(w.get("recall_iou50").asDouble());

        JsonNode n = summary(CliTest.run("eval-detect", "--set", "negatives", "--data", negatives().toString(), "--threads", "1"), "negatives");
        assertThat(n.get("images").asInt()).isEqualTo(29);
        assertThat(n.get("recall_iou50").isNull()).isTrue();
        assertThat(n.get("recall_iou30").isNull()).isTrue();
        assertThat(n.get("false_positives").asInt()).isEqualTo(n.get("detections").asInt());
        assertThat(n.get("images_with_detections").asInt()).isBetween(0, 3).isLessThanOrEqualTo(n.get("detections").asInt());
    }

    /** Acceptance 3 of issue 3 for mtcnn: dlib >= 40 of 43 at IoU 0.3 with <= 2 false positives; <= 3 negatives with a detection. */
    @Test
    void mtcnnMeetsTheDlibAndNegativesTargets() throws Exception {
        JsonNode d = summary(CliTest.run("eval-detect", "--detector", "mtcnn", "--set", "dlib", "--data", dlib().toString()), "dlib");
        assertThat(d.get("faces").asInt()).isEqualTo(43);
        assertThat(Math.round(d.get("recall_iou30").asDouble() * 43)).isGreaterThanOrEqualTo(40);
        assertThat(d.get("false_positives").asInt()).isLessThanOrEqualTo(2);
        assertThat(d.get("detector").asText()).isEqualTo("mtcnn");
        JsonNode n = summary(CliTest.run("eval-detect", "--detector", "mtcnn", "--set", "negatives", "--data", negatives().toString()), "negatives");
        assertThat(n.get("images_with_detections").asInt()).isLessThanOrEqualTo(3);
    }

    /**
     * mtcnn on the WIDER sample. Measured: recall_h40 0.645 (20 of 31); the 0.80 is NOT reached (most misses
     * are faces WIDER marks as atypical pose or heavily occluded, see docs/mtcnn.md), so this guards the measured level.
     */
    @Test
    void mtcnnOnTheWiderSampleKeepsItsMeasuredRecall() throws Exception {
        JsonNode w = summary(CliTest.run("eval-detect", "--detector", "mtcnn", "--set", "wider", "--data", wider().toString()), "wider");
        assertThat(w.get("recall_h40").asDouble()).isGreaterThanOrEqualTo(0.64);
        assertThat(w.get("recall_iou50").asDouble()).isGreaterThanOrEqualTo(0.58);
        assertThat(w.get("precision").asDouble()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void badSetsAndFoldersExit2WithOneLine(@TempDir Path dir) {
        CliTest.Run r = CliTest.run("eval-detect", "--set", "voc", "--data", dlib().toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains("voc");
        r = CliTest.run("eval-detect", "--set", "dlib", "--data", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains("training.xml");
        r = CliTest.run("eval-detect", "--set", "negatives", "--data", dlib().toString(), "--threads", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--threads");
    }

    @Test
    void detectWithThreadsKeepsTheOrderAndTheResults() throws Exception {
        List<String> images = new ArrayList<>();
        try (var s = Files.list(TestData.root().resolve("people/photos"))) {
            s.sorted().forEach(p -> images.add(p.toString()));
        }
        images.add(1, TestData.root().resolve("negatives/brick.png").toString());
        List<String> one = new ArrayList<>(List.of("detect", "--threads", "1")), four = new ArrayList<>(List.of("detect", "--threads", "4"));
        one.addAll(images);
        four.addAll(images);
        CliTest.Run a = CliTest.run(one.toArray(String[]::new)), b = CliTest.run(four.toArray(String[]::new));
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(b.code()).as(b.err()).isZero();
        List<JsonNode> la = a.lines(), lb = b.lines();
        assertThat(lb).extracting(l -> l.get("image").asText()).containsExactlyElementsOf(images);
        assertThat(la).extracting(l -> l.get("image").asText()).containsExactlyElementsOf(images);
        for (int i = 0; i < images.size(); i++) assertThat(lb.get(i).get("faces")).isEqualTo(la.get(i).get("faces"));
        assertThat(lb.get(1).get("faces")).isEmpty();
    }
}
