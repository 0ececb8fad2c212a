package org.fr.detect.mtcnn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.fr.ComponentOptions;
import org.fr.Components;
import org.fr.DetectedFace;
import org.fr.FaceDetector;
import org.fr.ImageDecoder;
import org.fr.Landmarks;
import org.fr.RgbImage;
import org.fr.TestData;
import org.fr.models.ModelSelection;
import org.fr.onnx.OnnxModel;
import org.fr.onnx.SessionConfig;
import org.fr.onnx.Tensor;
import org.fr.onnx.TensorSpec;
import org.fr.tflite.ImportOptions;
import org.fr.tflite.TfliteImporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The mtcnn detector on the shared real photos, against ultraface's landmarks, across threads and batch sizes. */
class MtcnnDetectorTest {
    private static FaceDetector detector;

    @BeforeAll
    static void load() {
        detector = Components.detector("mtcnn", ComponentOptions.empty());
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    private static RgbImage photo(String rel) {
        return ImageDecoder.read(TestData.root().resolve(rel));
    }

    @Test
    void isRegisteredByName() {
        assertThat(Components.detectorNames()).contains("mtcnn");
        assertThat(detector.name()).isEqualTo("mtcnn");
        assertThat(detector).isInstanceOf(MtcnnDetector.class);
        assertThat(((MtcnnDetector) detector).settings()).isEqualTo(MtcnnSettings.DEFAULTS);
    }

    @Test
    void findsBothFacesOfLongoriaCooperWithLandmarksInTheirOrder() {
        List<DetectedFace> faces = detector.detect(photo("people/photos/longoria-cooper.jpg"));
        assertThat(faces).hasSize(2);
        assertThat(faces.get(0).score()).isGreaterThanOrEqualTo(faces.get(1).score());
        for (DetectedFace f : faces) {
            assertThat(f.score()).isGreaterThan(0.9f);
            Landmarks l = f.landmarks();
            assertThat(l.get(Landmarks.LEFT_EYE).x()).isLessThan(l.get(Landmarks.RIGHT_EYE).x());
            assertThat(l.get(Landmarks.LEFT_MOUTH).x()).isLessThan(l.get(Landmarks.RIGHT_MOUTH).x());
            assertThat(l.get(Landmarks.LEFT_EYE).y()).isLessThan(l.get(Landmarks.NOSE).y());
            assertThat(l.get(Landmarks.NOSE).y()).isLessThan(l.get(Landmarks.LEFT_MOUTH).y());
            for (var p : l.points()) {
                assertThat(p.x()).isBetween(f.box().x1(), f.box().x2());
                assertThat(p.y()).isBetween(f.box().y1(), f.box().y2());
            }
        }
        assertThat(faces.get(0).box().iou(faces.get(1).box())).isZero();
    }

    /** An independent reference: ultraface's boxes and its 68-point model's five landmarks on the same faces. */
    @Test
    void agreesWithUltrafaceOnThePeoplePhotos() {
        try (FaceDetector ultraface = Components.detector("ultraface", ComponentOptions.empty())) {
            int compared = 0;
            for (String name : List.of("lennon-1.jpg", "lennon-2.jpg", "clapton-1.jpg", "clapton-2.jpg", "longoria-cooper.jpg", "adams.jpg")) {
                RgbImage img = photo("people/photos/" + name);
                List<DetectedFace> ours = detector.detect(img), ref = ultraface.detect(img);
                assertThat(ours).as(name).hasSameSizeAs(ref);
                for (DetectedFace r : ref) {
                    DetectedFace m = ours.stream().max((a, b) -> Float.compare(a.box().iou(r.box()), b.box().iou(r.box()))).orElseThrow();
                    assertThat(m.box().iou(r.box())).as(name).isGreaterThan(0.5f);
                    double iod = r.landmarks().interocularDistance();
                    for (int j = 0; j < Landmarks.COUNT; j++) {
                        assertThat(m.landmarks().get(j).distanceTo(r.landmarks().get(j))).as(name + " landmark " + j).isLessThan(0.3 * iod);
                    }
                    compared++;
                }
            }
            assertThat(compared).isGreaterThanOrEqualTo(7);
        }
    }

    @Test
    void noFaceOnBlankOrTinyImagesOrBelowTheMinimumSize() {
        assertThat(detector.detect(photo("negatives/white.png"))).isEmpty();
        assertThat(detector.detect(new RgbImage(10, 10, new byte[300]))).isEmpty();
        // a minimum face larger than the image's shorter side (293 px) leaves no pyramid level
        try (FaceDetector big = Components.detector("mtcnn", ComponentOptions.empty().with("min-face", "300"))) {
            assertThat(big.detect(photo("people/photos/longoria-cooper.jpg"))).isEmpty();
        }
    }

    @Test
    void sharedAcrossThreadsGivesTheSameFaces() throws Exception {
        List<RgbImage> images = List.of(photo("people/photos/longoria-cooper.jpg"), photo("people/photos/multiface.jpg"),
                photo("detection/dlib-faces/2008_002079.jpg"), photo("people/photos/lennon-1.jpg"));
        List<List<DetectedFace>> expected = new ArrayList<>();
        for (RgbImage i : images) expected.add(detector.detect(i));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<DetectedFace>>> fs = new ArrayList<>();
            for (int round = 0; round < 3; round++) for (RgbImage i : images) fs.add(pool.submit(() -> detector.detect(i)));
            for (int k = 0; k < fs.size(); k++) assertThat(fs.get(k).get()).isEqualTo(expected.get(k % images.size()));
        } finally {
            pool.shutdownNow();
        }
    }

    /** R-Net and O-Net converted with a symbolic batch give each crop the same output batched as alone (1e-5). */
    @Test
    void batchedStagesMatchSingleCropRuns() {
        Random rnd = new Random(3);
        TfliteImporter importer = TfliteImporter.withDefaultCache();
        for (String[] s : new String[][] {{MtcnnDetector.RNET_ID, "rnet/input", "24", MtcnnDetector.RNET_PROB, MtcnnDetector.RNET_REG},
                {MtcnnDetector.ONET_ID, "onet/input", "48", MtcnnDetector.ONET_PROB, MtcnnDetector.ONET_MARKS}}) {
            int side = Integer.parseInt(s[2]);
            try (OnnxModel m = importer.load(ModelSelection.select(s[0], ComponentOptions.empty(), "none"),
                    ImportOptions.none().symbolic(s[1], "N", null, null, null), SessionConfig.cpu(1),
                    List.of(TensorSpec.of(s[1], -1, side, side, 3)), List.of(TensorSpec.of(s[3], -1, 2), TensorSpec.of(s[4], -1, -1)))) {
                int n = 5, per = side * side * 3;
                float[] batch = new float[n * per];
                for (int i = 0; i < batch.length; i++) batch[i] = (float) rnd.nextGaussian() * 0.5f;
                var all = m.run(List.of(new Tensor(s[1], new long[] {n, side, side, 3}, batch)), List.of(s[3], s[4]));
                for (int i = 0; i < n; i++) {
                    float[] one = java.util.Arrays.copyOfRange(batch, i * per, (i + 1) * per);
                    var single = m.run(List.of(new Tensor(s[1], new long[] {1, side, side, 3}, one)), List.of(s[3], s[4]));
                    for (String out : List.of(s[3], s[4])) {
                        float[] b = all.get(out).data(), o = single.get(out).data();
                        int w = o.length;
                        for (int k = 0; k < w; k++) {
                            assertThat(Math.abs(b[i * w + k] - o[k])).as(s[0] + " " + out + " crop " + i).isLessThan(1e-5f);
                        }
                    }
                }
            }
        }
    }
}
