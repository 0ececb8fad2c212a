package org.fr.detect.hog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.fr.ComponentOptions;
import org.fr.Components;
import org.fr.DetectedFace;
import org.fr.FaceDetector;
import org.fr.ImageDecoder;
import org.fr.RgbImage;
import org.fr.TestData;
import org.fr.eval.DlibBoxFiles;
import org.fr.eval.GreedyMatching;
import org.fr.eval.LabelledImage;
import org.junit.jupiter.api.Test;

/**
 * The bundled {@code hog} model on real photos: dlib's {@code testing.xml} (never seen in training) at the 40 px
 * setting, a few face-free photos, and the same output across threads and calls.
 */
class HogDetectorTest {
    private static FaceDetector boxesOnly(String... kv) {
        ComponentOptions o = ComponentOptions.empty().with("landmarks", "false");
        for (int i = 0; i < kv.length; i += 2) o = o.with(kv[i], kv[i + 1]);
        return Components.detector("hog", o);
    }

    @Test
    void isRegisteredByName() {
        assertThat(Components.detectorNames()).contains("hog");
        try (FaceDetector d = boxesOnly()) {
            assertThat(d.name()).isEqualTo("hog");
            assertThat(((HogDetector) d).settings()).isEqualTo(HogSettings.defaults());
        }
        try (FaceDetector d = boxesOnly("upsample", "1")) {
            assertThat(((HogDetector) d).settings().minFace()).isEqualTo(40f);
        }
        assertThatThrownBy(() -> boxesOnly("upsample", "1", "min-face", "40")).hasMessageContaining("not both");
        try (FaceDetector d = boxesOnly("exact-every", "4")) {
            assertThat(((HogDetector) d).settings().exactEvery()).isEqualTo(4);
        }
        assertThatThrownBy(() -> boxesOnly("exact-every", "0")).hasMessageContaining("exact-every");
    }

    /** The shipped pair: the upsampled-levels filter above scale 1 only; a model of one's own scans every level. */
    @Test
    void upsampledLevelsUseTheirOwnFilter() throws Exception {
        try (FaceDetector f = boxesOnly("min-face", "40")) {
            HogDetector d = (HogDetector) f;
            assertThat(d.upsampledModel()).isNotNull();
            assertThat(d.model().weights()).isNotEqualTo(d.upsampledModel().weights());
            assertThat(d.modelFor(new HogPyramid.Level(1280, 960, 2.0, 2.0))).isSameAs(d.upsampledModel());
            assertThat(d.modelFor(new HogPyramid.Level(772, 579, 1.206, 1.206))).isSameAs(d.upsampledModel());
            assertThat(d.modelFor(new HogPyramid.Level(640, 480, 1.0, 1.0))).isSameAs(d.model());
            assertThat(d.modelFor(new HogPyramid.Level(533, 400, 0.833, 0.833))).isSameAs(d.model());
        }
        Path own = Files.createTempFile("own", ".hog");
        try {
            HogModel.bundled().write(own);
            try (FaceDetector f = boxesOnly("model", own.toString())) {
                HogDetector d = (HogDetector) f;
                assertThat(d.upsampledModel()).isNull();
                assertThat(d.modelFor(new HogPyramid.Level(1280, 960, 2.0, 2.0))).isSameAs(d.model());
            }
        } finally {
            Files.deleteIfExists(own);
        }
    }

    /** Measured with the shipped filters and default threshold: 23 of the 25 testing.xml faces at IoU >= 0.3, 1 false box. */
    @Test
    void findsTheTestingFacesAt40Px() {
        int found = 0, falseBoxes = 0, faces = 0;
        try (FaceDetector d = boxesOnly("min-face", "40")) {
            for (LabelledImage li : DlibBoxFiles.read(TestData.root().resolve("detection/dlib-faces/testing.xml"))) {
                List<DetectedFace> det = d.detect(ImageDecoder.read(li.image()));
                int[] m = GreedyMatching.match(li.faces(), det, 0.3f);
                for (int t : m) if (t >= 0) found++; else falseBoxes++;
                faces += li.faces().size();
            }
        }
        assertThat(faces).isEqualTo(25);
        assertThat(found).isGreaterThanOrEqualTo(MIN_TESTING_FOUND);
        assertThat(falseBoxes).isLessThanOrEqualTo(MAX_TESTING_FALSE);
    }

    static final int MIN_TESTING_FOUND = 23, MAX_TESTING_FALSE = 1;

    @Test
    void faceFreePhotosGiveNoBox() {
        try (FaceDetector d = boxesOnly("min-face", "40")) {
            for (String p : List.of("negatives/brick.png", "negatives/coffee.png", "negatives/text.png", "negatives/dog.jpg")) {
                assertThat(d.detect(ImageDecoder.read(TestData.root().resolve(p)))).as(p).isEmpty();
            }
        }
    }

    @Test
    void sameBoxesAcrossThreadsAndCalls() {
        RgbImage img = ImageDecoder.read(TestData.root().resolve("detection/dlib-faces/2008_002506.jpg"));
        try (FaceDetector one = boxesOnly(); FaceDetector two = boxesOnly("threads", "2")) {
            List<DetectedFace> a = one.detect(img);
            assertThat(a).isNotEmpty();
            assertThat(one.detect(img)).isEqualTo(a);
            assertThat(two.detect(img)).isEqualTo(a);
        }
    }

    @Test
    void gives68PointLandmarksOnDemand() {
        RgbImage img = ImageDecoder.read(TestData.root().resolve("detection/dlib-faces/2008_002506.jpg"));
        try (FaceDetector d = Components.detector("hog", ComponentOptions.empty())) {
            List<DetectedFace> faces = d.detect(img);
            assertThat(faces).isNotEmpty();
            for (DetectedFace f : faces) {
                var l = f.landmarks();
                assertThat(l).isNotNull();
                // both eyes inside the box, the left one (in the image) left of the right one
                assertThat(l.get(org.fr.Landmarks.LEFT_EYE).x()).isLessThan(l.get(org.fr.Landmarks.RIGHT_EYE).x());
                assertThat(l.get(org.fr.Landmarks.LEFT_EYE).x()).isBetween(f.box().x1(), f.box().x2());
                assertThat(l.get(org.fr.Landmarks.RIGHT_EYE).y()).isBetween(f.box().y1(), f.box().y2());
            }
        }
    }
}
