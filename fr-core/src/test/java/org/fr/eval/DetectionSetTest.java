package org.fr.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.fr.BoundingBox;
import org.fr.FrException;
import org.fr.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three set layouts, on synthetic files and on the shared copies. */
class DetectionSetTest {
    @Test
    void dlibXmlBoxesAreLeftTopWidthHeight(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("training.xml"), """
                <?xml version='1.0' encoding='ISO-8859-1'?>
                <dataset><images>
                  <image file='a.jpg'>
                    <box top='90' left='194' width='37' height='30'/>
                    <box top='1' left='2' width='3' height='4' ignore='1'/>
                  </image>
                </images></dataset>""");
        Files.writeString(dir.resolve("testing.xml"), "<dataset><images><image file='b.jpg'></image></images></dataset>");
        List<LabelledImage> set = DetectionSet.DLIB.load(dir);
        assertThat(set).hasSize(2);
        assertThat(set.get(0).image()).isEqualTo(dir.toAbsolutePath().resolve("a.jpg"));
        assertThat(set.get(0).faces()).containsExactly(new BoundingBox(194, 90, 231, 120));
        assertThat(set.get(1).faces()).isEmpty();
    }

    @Test
    void dlibErrorsNameTheFile(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> DetectionSet.DLIB.load(dir)).isInstanceOf(FrException.class).hasMessageContaining("training.xml");
        Files.writeString(dir.resolve("training.xml"), "<dataset><images><image file='a.jpg'><box top='x' left='1' width='1' height='1'/></image></images></dataset>");
        Files.writeString(dir.resolve("testing.xml"), "<dataset/>");
        assertThatThrownBy(() -> DetectionSet.DLIB.load(dir)).isInstanceOf(FrException.class)
                .hasMessageContaining("training.xml").hasMessageContaining("a.jpg").hasMessageContaining("top");
    }

    @Test
    void widerBoxesZeroCountsAndFlatFolders(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("0--Parade"));
        Files.writeString(dir.resolve("0--Parade/a.jpg"), "");
        Files.writeString(dir.resolve("b.jpg"), "");
        Files.writeString(dir.resolve("ground_truth.txt"),
                "0--Parade/a.jpg\n2\n30 432 29 44 1 0 0 0 0 0 \n24 298 13 17 2 0 0 0 0 0\n"
                        + "0--Parade/b.jpg\n0\n0 0 0 0 0 0 0 0 0 0\n"
                        + "1--X/c.jpg\n1\n1 2 3 4 0 0 0 1 0 0\n");
        List<LabelledImage> set = DetectionSet.WIDER.load(dir);
        assertThat(set).hasSize(3);
        assertThat(set.get(0).image()).isEqualTo(dir.toAbsolutePath().resolve("0--Parade/a.jpg"));
        assertThat(set.get(0).faces()).containsExactly(new BoundingBox(30, 432, 59, 476), new BoundingBox(24, 298, 37, 315));
        assertThat(set.get(1).image()).isEqualTo(dir.toAbsolutePath().resolve("b.jpg"));
        assertThat(set.get(1).faces()).isEmpty();
        assertThat(set.get(2).faces()).containsExactly(new BoundingBox(1, 2, 4, 6));
    }

    @Test
    void widerErrorsNameFileAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ground_truth.txt"), "a.jpg\n2\n1 2 3 4\n1 2 x 4\n");
        assertThatThrownBy(() -> DetectionSet.WIDER.load(dir)).isInstanceOf(FrException.class).hasMessageContaining("ground_truth.txt:4");
        Files.writeString(dir.resolve("ground_truth.txt"), "a.jpg\n3\n1 2 3 4\n");
        assertThatThrownBy(() -> DetectionSet.WIDER.load(dir)).isInstanceOf(FrException.class).hasMessageContaining("a.jpg");
    }

    @Test
    void negativesAreTheImageFilesAndMissingFoldersFail(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b.PNG"), "");
        Files.writeString(dir.resolve("a.jpg"), "");
        Files.writeString(dir.resolve("notes.txt"), "");
        assertThat(DetectionSet.NEGATIVES.load(dir)).extracting(l -> l.image().getFileName().toString()).containsExactly("a.jpg", "b.PNG");
        assertThatThrownBy(() -> DetectionSet.NEGATIVES.load(dir.resolve("nope"))).hasMessageContaining("nope").hasMessageContaining("not a folder");
        assertThatThrownBy(() -> DetectionSet.of("voc")).hasMessageContaining("voc");
        assertThat(DetectionSet.of("wider")).isEqualTo(DetectionSet.WIDER);
    }

    @Test
    void theSharedSets() {
        Path det = TestData.root().resolve("detection");
        List<LabelledImage> dlib = DetectionSet.DLIB.load(det.resolve("dlib-faces"));
        assertThat(dlib).hasSize(9);
        assertThat(dlib.stream().mapToInt(l -> l.faces().size()).sum()).isEqualTo(43);
        List<LabelledImage> wider = DetectionSet.WIDER.load(det.resolve("wider-val-sample"));
        assertThat(wider).hasSize(4).allSatisfy(l -> assertThat(l.image()).isRegularFile());
        assertThat(wider.stream().mapToInt(l -> l.faces().size()).sum()).isEqualTo(328);
        assertThat(wider.stream().flatMap(l -> l.faces().stream()).filter(b -> b.height() >= 40).count()).isEqualTo(31);
        assertThat(DetectionSet.NEGATIVES.load(TestData.root().resolve("negatives"))).hasSize(29);
    }
}
