package org.fr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.fr.TestData;
import org.fr.analyze.GenderProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fr train-gender-probe} on LFW people labelled by first names, with person-disjoint cross-validation. */
class TrainGenderProbeCliTest {
    /** Ten women and ten men of the probe's hand-labelled training list, two photos each. */
    private static final String LABELS = """
            # test labels
            name\tgender
            Serena_Williams\tfemale
            Venus_Williams\tfemale
            Hillary_Clinton\tfemale
            Laura_Bush\tfemale
            Condoleezza_Rice\tfemale
            Jennifer_Lopez\tfemale
            Jennifer_Aniston\tfemale
            Nicole_Kidman\tfemale
            Angelina_Jolie\tfemale
            Britney_Spears\tfemale
            George_W_Bush\tmale
            Colin_Powell\tmale
            Tony_Blair\tmale
            Donald_Rumsfeld\tmale
            Gerhard_Schroeder\tmale
            Ariel_Sharon\tmale
            Hugo_Chavez\tmale
            Jacques_Chirac\tmale
            Vladimir_Putin\tmale
            Junichiro_Koizumi\tmale
            """;

    /**
     * Six common men's and forty women's first names of the bundled list: about 730 LFW people, the first photo of
     * each. The covariance-shaped penalty needs a few hundred people (more than the embedding's effective rank,
     * about 200): with 100 to 200 people cross-validation stays near chance (see docs/gender.md).
     */
    private static final String FIRST_NAMES = """
            name\tgender
            John\tmale
            Michael\tmale
            David\tmale
            James\tmale
            Paul\tmale
            Robert\tmale
            """ + String.join("", java.util.stream.Stream.of("Mary", "Jennifer", "Maria", "Laura", "Jane", "Barbara",
            "Nancy", "Elizabeth", "Lisa", "Michelle", "Patricia", "Linda", "Martha", "Rachel", "Kate", "Natalie", "Janet",
            "Diana", "Amy", "Ellen", "Tina", "Suzanne", "Karen", "Sandra", "Monica", "Ana", "Katie", "Anne", "Ruth",
            "Melissa", "Jessica", "Donna", "Carla", "Sarah", "Elena", "Judy", "Anna", "Sharon", "Cheryl", "Paula")
            .map(n -> n + "\tfemale\n").toList());

    @Test
    void trainsAProbeAndReportsCrossValidation(@TempDir Path dir) throws Exception {
        Path names = Files.writeString(dir.resolve("first-names.tsv"), FIRST_NAMES);
        Path out = dir.resolve("probe.tsv");
        CliTest.Run r = CliTest.run("train-gender-probe", "--root", TestData.root().resolve("lfw/images").toString(),
                "--first-names", names.toString(), "--per-person", "1", "--folds", "4", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode line = r.lines().get(0);
        System.out.println("train-gender-probe on a first-name subset: " + line);
        int people = line.get("people").asInt();
        assertThat(people).isBetween(700, 800);
        assertThat(line.get("examples").asInt()).isBetween(people - 5, people);
        assertThat(line.get("cv_folds").asInt()).isEqualTo(4);
        assertThat(line.get("cv_people").asInt()).isEqualTo(line.get("examples").asInt());
        // Labels from first names are a little noisy; the probe still separates held-out people well.
        assertThat(line.get("cv_accuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
        assertThat(line.get("cv_female_accuracy").asDouble()).isGreaterThanOrEqualTo(0.8);
        assertThat(line.get("cv_male_accuracy").asDouble()).isGreaterThanOrEqualTo(0.8);
        GenderProbe probe = GenderProbe.read(out);
        assertThat(probe.dimension()).isEqualTo(512);
        assertThat(Files.readString(out)).contains("--per-person 1").contains("covariance");
    }

    @Test
    void oneFoldIsRefused(@TempDir Path dir) throws Exception {
        Path labels = Files.writeString(dir.resolve("labels.tsv"), LABELS);
        CliTest.Run r = CliTest.run("train-gender-probe", "--labels", labels.toString(), "--folds", "1",
                "--out", dir.resolve("p.tsv").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--folds").contains("1");
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
    }
}
