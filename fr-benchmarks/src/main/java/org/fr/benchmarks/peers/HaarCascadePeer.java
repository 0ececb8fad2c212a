package org.fr.benchmarks.peers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.fr.BoundingBox;
import org.fr.RgbImage;
import org.fr.opencv.MatImages;
import org.opencv.core.Mat;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.CascadeClassifier;

/**
 * The classic peer: OpenCV's Viola-Jones Haar cascade {@code haarcascade_frontalface_default.xml} (Debian's
 * {@code opencv-data}), run through the project's OpenCV (org.openpnp) with scale factor 1.1 and 3 minimum
 * neighbours on the greyscale image. The time of a call includes the RGB to BGR Mat conversion and the grey
 * conversion, as a user of this peer would pay them. Not thread-safe (a {@link CascadeClassifier} is not); close it.
 */
public final class HaarCascadePeer implements AutoCloseable {
    /** Where Debian's opencv-data puts the cascade; {@code FR_HAAR_CASCADE} overrides it. */
    public static final Path DEBIAN_CASCADE = Path.of("/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml");
    public static final double SCALE_FACTOR = 1.1;
    public static final int MIN_NEIGHBOURS = 3;

    private final CascadeClassifier classifier;

    public HaarCascadePeer() {
        this(cascadeFile());
    }

    public HaarCascadePeer(Path cascade) {
        nu.pattern.OpenCV.loadLocally();
        if (!Files.isRegularFile(cascade)) {
            throw new IllegalStateException("Haar cascade not found: " + cascade + " (apt-get install opencv-data, or set FR_HAAR_CASCADE)");
        }
        classifier = new CascadeClassifier(cascade.toString());
        if (classifier.empty()) throw new IllegalStateException("OpenCV could not load the Haar cascade " + cascade);
    }

    public static Path cascadeFile() {
        String env = System.getenv("FR_HAAR_CASCADE");
        return env != null && !env.isBlank() ? Path.of(env) : DEBIAN_CASCADE;
    }

    public static boolean available() {
        return Files.isRegularFile(cascadeFile());
    }

    /** The boxes found, in image pixels. */
    public List<BoundingBox> detect(RgbImage image) {
        Mat bgr = MatImages.toMat(image);
        Mat gray = new Mat();
        MatOfRect rects = new MatOfRect();
        try {
            Imgproc.cvtColor(bgr, gray, Imgproc.COLOR_BGR2GRAY);
            classifier.detectMultiScale(gray, rects, SCALE_FACTOR, MIN_NEIGHBOURS);
            List<BoundingBox> out = new ArrayList<>();
            for (Rect r : rects.toArray()) out.add(new BoundingBox(r.x, r.y, r.x + r.width, r.y + r.height));
            return out;
        } finally {
            bgr.release();
            gray.release();
            rects.release();
        }
    }

    @Override
    public void close() {
        // CascadeClassifier frees its native part when collected; nothing to release eagerly
    }
}
