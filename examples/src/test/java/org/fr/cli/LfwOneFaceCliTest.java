package org.fr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.fr.TestData;
import org.junit.jupiter.api.Test;

/**
 * {@code fr lfw-one-face} on 30 real LFW photos with the boxes-only {@code hog} detector, drawn from the odd people
 * (never trained on) and from the even ones (the trainer's, {@code --people even}): the counts add up, one line per
 * failing photo with {@code --failures}, and a bad {@code --people} value is bad input (exit 2).
 */
class LfwOneFaceCliTest {
    private static JsonNode run(String people) throws Exception {
        CliTest.Run r = CliTest.run("lfw-one-face", "--detector", "hog", "--detector-option", "landmarks=false", "--root",
                TestData.root().resolve("lfw/images").toString(), "--count", "30", "--people", people, "--failures");
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = r.lines();
        JsonNode s = lines.get(lines.size() - 1);
        assertThat(s.get("images").asInt()).isEqualTo(30);
        assertThat(s.get("one_over_face").asInt() + s.get("no_box").asInt() + s.get("several_boxes").asInt() + s.get("one_elsewhere").asInt()).isEqualTo(30);
        // measured 30 of 30 for both draws; HOG finds the centred LFW face in about 99% of photos
        assertThat(s.get("one_over_face").asInt()).isGreaterThanOrEqualTo(28);
        assertThat(lines).hasSize(1 + 30 - s.get("one_over_face").asInt());
        // a photo with one box over the centre also has exactly one box covering the centre
        assertThat(s.get("face_boxed_once").asInt()).isBetween(s.get("one_over_face").asInt(), 30 - s.get("no_box").asInt());
        return s;
    }

    /** {@code --list} prints the same draw that is scored, one photo per line, of the requested people only (odd, R/M). */
    @Test
    void listPrintsTheDrawnPhotos() throws Exception {
        String lfw = TestData.root().resolve("lfw/images").toString();
        CliTest.Run a = CliTest.run("lfw-one-face", "--root", lfw, "--count", "12", "--list");
        CliTest.Run b = CliTest.run("lfw-one-face", "--root", lfw, "--count", "12", "--list", "--seed", "42");
        CliTest.Run c = CliTest.run("lfw-one-face", "--root", lfw, "--count", "12", "--list", "--seed", "7");
        assertThat(a.code()).as(a.err()).isZero();
        List<String> photos = a.out().lines().toList();
        assertThat(photos).hasSize(12).doesNotHaveDuplicates().allMatch(p -> p.endsWith(".jpg"));
        assertThat(b.out()).isEqualTo(a.out());
        assertThat(c.out()).isNotEqualTo(a.out());
        List<String> people;
        try (var s = Files.list(TestData.root().resolve("lfw/images"))) {
            people = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        for (String p : photos) {
            String person = Path.of(p).getParent().getFileName().toString();
            assertThat(people.indexOf(person) % 2).as(p).isEqualTo(1);
        }
        CliTest.Run quarter = CliTest.run("lfw-one-face", "--root", lfw, "--count", "12", "--list", "--people", "2/4");
        assertThat(quarter.code()).as(quarter.err()).isZero();
        for (String p : quarter.out().lines().toList()) {
            assertThat(people.indexOf(Path.of(p).getParent().getFileName().toString()) % 4).as(p).isEqualTo(2);
        }
    }

    @Test
    void oddAndEvenPeopleDrawsAndBadInput() throws Exception {
        JsonNode odd = run("odd"), even = run("even");
        assertThat(odd.get("detector").asText()).isEqualTo("hog");
        assertThat(even.get("images").asInt()).isEqualTo(30);
        CliTest.Run bad = CliTest.run("lfw-one-face", "--people", "both", "--count", "3");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--people");
    }
}
