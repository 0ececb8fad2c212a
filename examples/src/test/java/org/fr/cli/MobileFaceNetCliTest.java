package org.fr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.fr.TestData;
import org.junit.jupiter.api.Test;

/** {@code --embedder mobilefacenet} (the TFLite model through fr-tflite) in fr verify, embed and eval-lfw. */
class MobileFaceNetCliTest {
    private static String photo(String name) {
        return TestData.root().resolve("people/photos").resolve(name).toString();
    }

    @Test
    void verifySamePeopleAndCrossPairs() throws Exception {
        for (String[] p : new String[][] {{"lennon-1.jpg", "lennon-2.jpg"}, {"clapton-1.jpg", "clapton-2.jpg"}}) {
            CliTest.Run r = CliTest.run("verify", photo(p[0]), photo(p[1]), "--embedder", "mobilefacenet");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.lines().get(0).get("same").asBoolean()).as(p[0] + " " + p[1]).isTrue();
        }
        JsonNode cross = CliTest.run("verify", photo("lennon-1.jpg"), photo("clapton-1.jpg"), "--embedder", "mobilefacenet")
                .lines().get(0);
        assertThat(cross.get("same").asBoolean()).isFalse();
        assertThat(cross.get("threshold").asDouble()).isCloseTo(0.378, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void embedPrintsUnitVectorsOf192() throws Exception {
        CliTest.Run r = CliTest.run("embed", photo("lennon-1.jpg"), "--embedder", "mobilefacenet");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode emb = r.lines().get(0).get("faces").get(0).get("embedding");
        assertThat(emb).hasSize(192);
        double n = 0;
        for (JsonNode v : emb) n += v.asDouble() * v.asDouble();
        assertThat(Math.sqrt(n)).isBetween(0.9999, 1.0001);
    }

    /** A small real subset of LFW (20 + 20 pairs per fold), by the full 10-fold protocol. */
    @Test
    void evalLfwSubset() throws Exception {
        Path lfw = TestData.root().resolve("lfw");
        CliTest.Run r = CliTest.run("eval-lfw", "--root", lfw.resolve("images").toString(), "--pairs",
                lfw.resolve("pairs.txt").toString(), "--pairs-per-fold", "20", "--embedder", "mobilefacenet");
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = r.lines();
        assertThat(lines).hasSize(11);
        JsonNode last = lines.get(10);
        assertThat(last.get("embedder").asText()).isEqualTo("mobilefacenet");
        assertThat(last.get("pairs").asInt()).isEqualTo(400);
        System.out.println("mobilefacenet LFW subset: " + last);
        assertThat(last.get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.97);
    }
}
