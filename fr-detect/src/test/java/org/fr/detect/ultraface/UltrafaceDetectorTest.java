package org.fr.detect.ultraface;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.fr.ComponentOptions;
import org.fr.Components;
import org.fr.DetectedFace;
import org.fr.FaceDetector;
import org.fr.ImageDecoder;
import org.fr.Landmarks;
import org.fr.RgbImage;
import org.fr.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ultraface detector on the shared real photos. */
class UltrafaceDetectorTest {
    private static FaceDetector detector;

    @BeforeAll
    static void load() {
        detector = Components.detector("ultraface", ComponentOptions.empty());
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    private static RgbImage photo(String rel) {
        return ImageDecoder.read(TestData.root().resolve(rel));
    }

    @Test
    void findsBothFacesOfLongoriaCooper() {
        List<DetectedFace> faces = detector.detect(photo("people/photos/longoria-cooper.jpg"));
        assertThat(faces).hasSize(2);
        for (DetectedFace f : faces) {
            assertThat(f.score()).isGreaterThan(0.9f);
            Landmarks l = f.landmarks();
            assertThat(l).isNotNull();
            // eyes above the mouth, left eye left of the right eye, all inside the box
            assertThat(l.get(Landmarks.LEFT_EYE).x()).isLessThan(l.get(Landmarks.RIGHT_EYE).x());
            assertThat(l.get(Landmarks.LEFT_EYE).y()).isLessThan(l.get(Landmarks.LEFT_MOUTH).y());
            for (var p : l.points()) {
                assertThat(p.x()).isBetween(f.box().x1(), f.box().x2());
                assertThat(p.y()).isBetween(f.box().y1(), f.box().y2());
            }
        }
        assertThat(faces.get(0).box().iou(faces.get(1).box())).isZero();
    }

    @Test
    void oneFacePerSingleFacePhoto() {
        for (String name : List.of("lennon-1.jpg", "lennon-2.jpg", "clapton-1.jpg", "clapton-2.jpg", "adams.jpg", "carell.jpg")) {
            assertThat(detector.detect(photo("people/photos/" + name))).as(name).hasSize(1);
        }
    }

    /** Every face-free photo counted; the acceptance bound is at least 26 of 29 with no detection. */
    @Test
    void negativesStayMostlyEmpty() throws IOException {
        Path dir = TestData.root().resolve("negatives");
        int total = 0, empty = 0;
        StringBuilder fp = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                total++;
                List<DetectedFace> faces = detector.detect(ImageDecoder.read(p));
                if (faces.isEmpty()) empty++;
                else fp.append(p.getFileName()).append('=').append(faces.size()).append(' ');
            }
        }
        System.out.println("ultraface negatives: " + empty + "/" + total + " empty; false positives: " + fp);
        assertThat(total).isEqualTo(29);
        assertThat(empty).isGreaterThanOrEqualTo(26);
    }

    @Test
    void lfwFaceIsCentred() {
        List<DetectedFace> faces = detector.detect(photo("lfw/images/Abel_Pacheco/Abel_Pacheco_0001.jpg"));
        assertThat(faces).isNotEmpty();
        var c = faces.get(0).box().center();
        assertThat(c.x()).isBetween(100f, 150f);
        assertThat(c.y()).isBetween(100f, 150f);
    }
}
