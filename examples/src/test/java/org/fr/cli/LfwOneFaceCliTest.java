package org.fr.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
        return s;
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
