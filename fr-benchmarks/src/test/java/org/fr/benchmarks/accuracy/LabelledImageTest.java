package org.fr.benchmarks.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;

import org.fr.TestData;
import org.junit.jupiter.api.Test;

/** The loaders read the shared sets as their README describes them. */
class LabelledImageTest {
    @Test
    void dlibFacesHold43BoxesOn9Photos() {
        List<LabelledImage> set = LabelledImage.dlibFaces(TestData.file("detection/dlib-faces"));
        assertThat(set).hasSize(9);
        assertThat(set.stream().mapToInt(li -> li.faces().size()).sum()).isEqualTo(43);
        assertThat(set).allSatisfy(li -> assertThat(Files.isRegularFile(li.file())).isTrue());
        // testing.xml's 2008_002506.jpg: <box top='78' left='329' width='109' height='109'/> first
        LabelledImage img = set.stream().filter(li -> li.file().getFileName().toString().equals("2008_002506.jpg")).findFirst().orElseThrow();
        assertThat(img.faces().get(0).x1()).isEqualTo(329f);
        assertThat(img.faces().get(0).y2()).isEqualTo(78f + 109f);
    }

    @Test
    void widerSampleKeepsFacesOf20PxAndMoreAndIgnoresTheRest() {
        List<LabelledImage> set = LabelledImage.widerSample(TestData.file("detection/wider-val-sample"));
        assertThat(set).hasSize(4);
        int kept = set.stream().mapToInt(li -> li.faces().size()).sum(), ignored = set.stream().mapToInt(li -> li.ignored().size()).sum();
        assertThat(kept + ignored).isLessThanOrEqualTo(328).isGreaterThan(300); // boxes of zero size are dropped
        assertThat(set).allSatisfy(li -> assertThat(li.faces()).allSatisfy(b -> assertThat(b.height()).isGreaterThanOrEqualTo(20f)));
        assertThat(set).allSatisfy(li -> assertThat(Files.isRegularFile(li.file())).isTrue());
    }

    @Test
    void negativesHaveNoFaces() {
        List<LabelledImage> set = LabelledImage.negatives(TestData.file("negatives"));
        assertThat(set).hasSize(29);
        assertThat(set).allSatisfy(li -> assertThat(li.faces()).isEmpty());
    }
}
