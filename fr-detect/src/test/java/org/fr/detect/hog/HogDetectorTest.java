package org.fr.detect.hog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.fr.BoundingBox;
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

    /**
     * Several filters: a window is kept when any filter keeps it. With a second filter equal to the first but for a
     * bias three higher, every window of the first is a weaker copy of one of the second, so the pair gives exactly the
     * second's boxes, which are more than the first's.
     */
    @Test
    void severalFiltersGiveTheUnionOfTheirWindows() {
        HogModel a = HogModel.bundled();
        HogModel b = new HogModel(a.cellsX(), a.cellsY(), a.weights(), a.bias() + 3, a.landmarkBox());
        GrayImage img = GrayImage.of(ImageDecoder.read(TestData.root().resolve("detection/dlib-faces/2008_002506.jpg")));
        HogSettings s = HogSettings.defaults();
        try (HogDetector one = new HogDetector(List.of(a), List.of(), s, null);
             HogDetector higher = new HogDetector(List.of(b), List.of(), s, null);
             HogDetector both = new HogDetector(List.of(a, b), List.of(), s, null)) {
            List<DetectedFace> fromB = higher.detectBoxes(img);
            assertThat(fromB.size()).isGreaterThan(one.detectBoxes(img).size());
            assertThat(both.detectBoxes(img)).isEqualTo(fromB);
            assertThat(both.filtersFor(new HogPyramid.Level(1280, 960, 2.0, 2.0))).containsExactly(a, b);
        }
        HogModel small = new HogModel(8, 8, new float[8 * 8 * HogFeatures.DIMS], 0, a.landmarkBox());
        assertThatThrownBy(() -> new HogDetector(List.of(a), List.of(small), s, null)).hasMessageContaining("size of the main filter");
        assertThatThrownBy(() -> new HogDetector(List.of(), List.of(), s, null)).hasMessageContaining("at least one");
    }

    /** By default the turned filters scan beside the frontal ones; {@code turned=false} leaves the frontal pair. */
    @Test
    void turnedFiltersByDefault() {
        try (FaceDetector f = boxesOnly(); FaceDetector g = boxesOnly("turned", "false")) {
            HogDetector d = (HogDetector) f, frontal = (HogDetector) g;
            assertThat(d.filters()).hasSize(3);
            assertThat(d.upsampledFilters()).hasSize(3);
            assertThat(d.model().toBytes()).isEqualTo(HogModel.bundled().toBytes());
            assertThat(d.filters().get(1).weights()).isNotEqualTo(d.filters().get(2).weights());
            assertThat(frontal.filters()).hasSize(1);
            assertThat(frontal.upsampledFilters()).hasSize(1);
            assertThat(d.settings().border()).isEqualTo(HogSettings.DEFAULT_BORDER).isEqualTo(3);
        }
        assertThatThrownBy(() -> boxesOnly("border", "5")).hasMessageContaining("border");
    }

    /** NMS: an IoU above nms drops the weaker box, and so does an overlap of more than nms-contained of the smaller box. */
    @Test
    void suppressionDropsOverlapsAndBoxesMostlyInsideAStrongerOne() {
        DetectedFace big = new DetectedFace(new BoundingBox(0, 0, 100, 100), 0.9f, null);
        // 50 x 50, 70% inside big (IoU 0.16): dropped; 50% inside: kept
        DetectedFace mostlyInside = new DetectedFace(new BoundingBox(65, 10, 115, 60), 0.8f, null);
        DetectedFace halfInside = new DetectedFace(new BoundingBox(75, 40, 125, 90), 0.7f, null);
        DetectedFace overlapping = new DetectedFace(new BoundingBox(20, 20, 120, 120), 0.6f, null);
        DetectedFace apart = new DetectedFace(new BoundingBox(300, 0, 350, 50), 0.5f, null);
        List<DetectedFace> all = List.of(apart, overlapping, halfInside, mostlyInside, big);
        assertThat(HogDetector.suppress(all, new HogSettings(80, 0.8f, 0, 0.3f, 0.6f, 1, 1, 0))).containsExactly(big, halfInside, apart);
        assertThat(HogDetector.suppress(all, new HogSettings(80, 0.8f, 0, 0.3f, 0.45f, 1, 1, 0))).containsExactly(big, apart);
        assertThat(HogDetector.suppress(all, new HogSettings(80, 0.8f, 0, 0.3f, 0.75f, 1, 1, 0))).containsExactly(big, mostlyInside, halfInside, apart);
        assertThatThrownBy(() -> boxesOnly("nms-contained", "0")).hasMessageContaining("nms-contained");
    }

    /**
     * Measured with the shipped filters (frontal and turned, border 3; the same with border 2) and default threshold: 25 of the 25 testing.xml
     * faces at IoU >= 0.3, 2 false boxes.
     */
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

    static final int MIN_TESTING_FOUND = 25, MAX_TESTING_FALSE = 2;

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
