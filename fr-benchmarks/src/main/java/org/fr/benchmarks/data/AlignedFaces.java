package org.fr.benchmarks.data;

import java.util.ArrayList;
import java.util.List;

import org.fr.AlignedFace;
import org.fr.DetectedFace;
import org.fr.FaceRecognizer;
import org.fr.NoFaceException;
import org.fr.RgbImage;
import org.fr.ImageDecoder;

/** Real aligned faces for embedding benchmarks: the faces of {@link TestFrames#facePhotos()}, found by ultraface. */
public final class AlignedFaces {
    private AlignedFaces() {}

    /** The first {@code n} faces (repeating the list if n is larger), each aligned to the ArcFace template. */
    public static List<AlignedFace> lfw(int n) {
        List<AlignedFace> out = new ArrayList<>(n);
        var photos = TestFrames.facePhotos();
        try (FaceRecognizer fr = FaceRecognizer.builder().detector("ultraface").threads(1).build()) {
            for (int i = 0; i < n; i++) {
                var p = photos.get(i % photos.size());
                RgbImage img = ImageDecoder.read(p);
                DetectedFace f = FaceRecognizer.largest(fr.detect(img)).orElseThrow(() -> new NoFaceException(p.toString()));
                out.add(fr.align(img, f));
            }
        }
        return out;
    }
}
