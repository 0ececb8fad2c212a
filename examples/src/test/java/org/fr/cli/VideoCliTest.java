package org.fr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.fr.TestData;
import org.fr.cli.CliTest.Run;
import org.fr.video.FfmpegFrameSource;
import org.fr.video.TestClip;
import org.fr.video.VideoFrame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fr video} on a clip the test makes from LFW photos: the JSON contract, the report, --out, failures. */
class VideoCliTest {
    static final int FRAMES = 30;
    static final String LFW = "lfw/images/";

    @TempDir
    static Path dir;
    static Path db, clip;

    static String lfw(String name, int n) {
        return TestData.root().resolve(LFW + name + "/" + String.format("%s_%04d.jpg", name, n)).toString();
    }

    @BeforeAll
    static void setUp() {
        db = dir.resolve("face_db.json");
        Run r = CliTest.run("enroll", "--db", db.toString(), "--name", "Colin_Powell", lfw("Colin_Powell", 2), lfw("Colin_Powell", 3));
        assertThat(r.code()).as(r.err()).isZero();
        clip = dir.resolve("clip.mp4");
        TestClip.write(clip, 640, 480, 25, FRAMES, List.of(
                new TestClip.Actor("Colin_Powell", LFW + "Colin_Powell/Colin_Powell_0001.jpg", 0, FRAMES, 20, 140, 200, 0.5f, 0f),
                new TestClip.Actor(null, LFW + "Jean_Chretien/Jean_Chretien_0001.jpg", 10, FRAMES, 400, 140, 200, -0.5f, 0f)));
    }

    @Test
    void oneJsonLinePerFrameWithTracksNamesAndAReport() throws Exception {
        Path out = dir.resolve("annotated.mp4");
        Run r = CliTest.run("video", "--db", db.toString(), "--report", "--out", out.toString(), clip.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = r.lines();
        assertThat(lines).hasSize(FRAMES + 1);
        for (int i = 0; i < FRAMES; i++) {
            JsonNode l = lines.get(i);
            assertThat(l.get("frame").asInt()).isEqualTo(i);
            assertThat(l.get("ms").asDouble()).as("time spent on frame %d", i).isPositive();
            assertThat(l.get("time_ms").asDouble()).isCloseTo(i * 40.0, org.assertj.core.data.Offset.offset(1.0));
            JsonNode faces = l.get("faces");
            assertThat(faces.size()).as("faces on frame %d", i).isEqualTo(i < 10 ? 1 : 2);
            for (JsonNode f : faces) {
                assertThat(f.get("track").isInt()).isTrue();
                assertThat(f.get("box").size()).isEqualTo(4);
                assertThat(f.has("identity")).isTrue();
                assertThat(f.get("similarity").isNumber()).isTrue();
                boolean left = f.get("box").get(0).asDouble() < 320;
                if (left) {
                    assertThat(f.get("identity").asText()).isEqualTo("Colin_Powell");
                    assertThat(f.get("similarity").asDouble()).isGreaterThan(0.3);
                } else {
                    assertThat(f.get("identity").isNull()).as("the never-enrolled face on frame %d", i).isTrue();
                }
            }
        }
        JsonNode report = lines.get(FRAMES).get("report");
        assertThat(report.get("frames").asInt()).isEqualTo(FRAMES);
        assertThat(report.get("fps").asDouble()).isPositive();
        JsonNode stages = report.get("stages");
        for (String s : List.of("decode", "detect", "landmarks", "align", "embed", "search", "draw", "frame", "new_face")) {
            assertThat(stages.has(s)).as(s).isTrue();
            assertThat(stages.get(s).get("p50_ms").asDouble()).isLessThanOrEqualTo(stages.get(s).get("p95_ms").asDouble());
        }
        assertThat(stages.get("detect").get("count").asInt()).isEqualTo(FRAMES);
        assertThat(stages.get("new_face").get("count").asInt()).isEqualTo(2);
        assertThat(r.err()).contains("p50 ms").contains("fps");
        // The annotated video has every processed frame, at the source's size.
        int n = 0;
        try (FfmpegFrameSource v = FfmpegFrameSource.file(out)) {
            assertThat(v.width()).isEqualTo(640);
            assertThat(v.height()).isEqualTo(480);
            for (VideoFrame f; (f = v.next()) != null; ) n++;
        }
        assertThat(n).isEqualTo(FRAMES);
    }

    @Test
    void aTruncatedFileFlushesItsFramesThenExitsTwoWithOneLine() throws Exception {
        byte[] all = Files.readAllBytes(clip);
        Path cut = dir.resolve("cut.mp4");
        Files.write(cut, Arrays.copyOf(all, all.length * 2 / 3));
        Run r = CliTest.run("video", "--db", db.toString(), cut.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        List<JsonNode> lines = r.lines();
        assertThat(lines.size()).as("frames written before the cut").isBetween(3, FRAMES - 3);
        for (int i = 0; i < lines.size(); i++) assertThat(lines.get(i).get("frame").asInt()).isEqualTo(i);
        List<String> err = new ArrayList<>(r.err().strip().lines().toList());
        String last = err.get(err.size() - 1);
        assertThat(last).startsWith("fr video: " + cut).contains("truncated");
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void aMissingSourceIsBadInput() {
        Path none = dir.resolve("none.mp4");
        Run r = CliTest.run("video", "--db", db.toString(), none.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo("fr video: " + none + ": no such file");
    }

    @Test
    void badOptionsAreBadInput() {
        Run r = CliTest.run("video", "--db", db.toString(), "--every", "0", clip.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).contains("detect every N frames needs N >= 1");
    }
}
