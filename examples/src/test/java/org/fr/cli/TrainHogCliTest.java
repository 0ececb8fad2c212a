package org.fr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.fr.TestData;
import org.fr.detect.hog.HogModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fr train-hog} on a tiny real set (a few LFW people, three face-free photos, dlib's training.xml): the same
 * seed gives the same model file byte for byte, the model loads, and evaluation files are refused.
 */
class TrainHogCliTest {
    @Test
    void sameSeedSameModelAndEvaluationDataRefused(@TempDir Path dir) throws Exception {
        Path lfw = dir.resolve("lfw"), neg = dir.resolve("neg");
        Files.createDirectories(neg);
        Path shared = TestData.root();
        for (String person : List.of("AJ_Cook", "AJ_Lamas", "Aaron_Eckhart", "Aaron_Guiel", "Aaron_Patterson", "Aaron_Peirsol")) {
            Path src = shared.resolve("lfw/images/" + person);
            if (!Files.isDirectory(src)) continue;
            Files.createDirectories(lfw.resolve(person));
            try (var s = Files.list(src)) {
                Path first = s.sorted().findFirst().orElseThrow();
                Files.copy(first, lfw.resolve(person).resolve(first.getFileName()));
            }
        }
        for (String n : List.of("brick.png", "coffee.png", "text.png")) Files.copy(shared.resolve("negatives/" + n), neg.resolve(n));
        Path xml = shared.resolve("detection/dlib-faces/training.xml");
        String[] args = {"train-hog", "--positives", lfw.toString(), "--positives", xml.toString(), "--negatives", neg.toString(),
                "--random-negatives", "300", "--rounds", "1", "--mine-images", "3", "--jitter", "1", "--seed", "5", "--jobs", "2", "--out", ""};
        args[args.length - 1] = dir.resolve("a.hog").toString();
        CliTest.Run a = CliTest.run(args);
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.out()).contains("\"positives\":").contains("\"rounds\":");
        assertThat(a.err()).contains("mining round 1");
        args[args.length - 1] = dir.resolve("b.hog").toString();
        assertThat(CliTest.run(args).code()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("b.hog"))).isEqualTo(Files.readAllBytes(dir.resolve("a.hog")));
        assertThat(HogModel.read(dir.resolve("a.hog")).cellsX()).isEqualTo(10);

        CliTest.Run refused = CliTest.run("train-hog", "--positives", shared.resolve("detection/dlib-faces/testing.xml").toString(),
                "--negatives", neg.toString(), "--out", dir.resolve("c.hog").toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("testing.xml").contains("evaluation data");
        assertThat(dir.resolve("c.hog")).doesNotExist();

        // a people split that reaches odd-index (held-out) people is bad input, before any work
        CliTest.Run odd = CliTest.run("train-hog", "--positives", lfw.toString(), "--negatives", neg.toString(),
                "--lfw-people", "1/4", "--out", dir.resolve("d.hog").toString());
        assertThat(odd.code()).isEqualTo(2);
        assertThat(odd.err()).contains("--lfw-people 1/4").contains("odd-index");
        assertThat(dir.resolve("d.hog")).doesNotExist();
    }
}
