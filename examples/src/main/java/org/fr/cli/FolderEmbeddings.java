package org.fr.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.fr.DetectedFace;
import org.fr.Embedding;
import org.fr.FaceAligner;
import org.fr.FaceRecognizer;
import org.fr.Landmarks;
import org.fr.RgbImage;

/**
 * Embeds one face per image for a list of image files, in parallel on one shared thread-safe
 * {@link FaceRecognizer} (build it with {@code .threads(1)}: the parallelism is over images), with a
 * {@link Progress} line on stderr. Which face of an image counts is the {@link Pick} rule's choice: the face
 * nearest the image centre (LFW labels the central face) or the largest one. Images in which the detector finds no
 * face are listed in {@link Result#noFace()}; with the mean-landmark fallback they are still embedded, aligned
 * with the mean landmarks of the faces found in this run (LFW-a photos are pre-aligned, so faces sit in nearly
 * the same place), and a line on stderr names each. Stateless; {@code embed} is safe to call from many threads.
 */
final class FolderEmbeddings {
    static final String FALLBACK = "mean landmarks of the detected faces";

    /** Which detected face of an image is embedded. */
    enum Pick {
        /** The face with landmarks whose box centre is nearest the image centre. */
        CENTRE,
        /** The face with landmarks with the largest box. */
        LARGEST;

        DetectedFace choose(List<DetectedFace> faces, RgbImage img) {
            return (this == CENTRE ? FaceRecognizer.nearestCentre(faces, img.width(), img.height()) : FaceRecognizer.largest(faces)).orElse(null);
        }
    }

    /**
     * The embeddings by path (every input path when the fallback is on, else those with a face) and the images
     * without a detected face, in input order.
     */
    record Result(Map<Path, Embedding> embeddings, List<Path> noFace) {}

    private FolderEmbeddings() {}

    /**
     * Embeds {@code images} with {@code jobs} threads.
     *
     * @param job          the command name for the progress and fallback lines on stderr (e.g. {@code eval-lfw})
     * @param meanFallback embed images without a face with the mean landmarks (fails when no image has a face)
     */
    static Result embed(FaceRecognizer fr, Collection<Path> images, int jobs, String job, Pick pick, boolean meanFallback)
            throws Exception {
        Map<Path, Embedding> embeddings = new ConcurrentHashMap<>();
        Set<Path> noFace = ConcurrentHashMap.newKeySet();
        Map<Path, RgbImage> noFaceImages = new ConcurrentHashMap<>();
        List<Landmarks> found = Collections.synchronizedList(new ArrayList<>());
        try (Progress progress = new Progress(job, "images", images.size())) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs));
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (Path p : images) {
                    futures.add(pool.submit(() -> {
                        RgbImage img = fr.read(p);
                        DetectedFace face = pick.choose(fr.detect(img), img);
                        if (face == null) {
                            noFace.add(p);
                            if (meanFallback) noFaceImages.put(p, img);
                        } else {
                            if (meanFallback) found.add(face.landmarks());
                            embeddings.put(p, fr.embedFaces(img, List.of(face)).get(0).embedding());
                        }
                        progress.step();
                        return null;
                    }));
                }
                for (Future<?> f : futures) f.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception ex ? ex : e;
            } finally {
                pool.shutdownNow();
            }
            if (meanFallback && !noFace.isEmpty()) {
                if (found.isEmpty()) throw new IllegalStateException("no face was found in any image; nothing to fall back on");
                Landmarks mean = meanLandmarks(found);
                for (Path p : images) {
                    RgbImage img = noFaceImages.get(p);
                    if (img == null) continue;
                    System.err.println("fr " + job + ": no face in " + p + "; aligned with the " + FALLBACK);
                    embeddings.put(p, fr.embedAligned(FaceAligner.align(img, mean)));
                }
            }
        }
        List<Path> none = new ArrayList<>();
        for (Path p : images) if (noFace.contains(p)) none.add(p);
        return new Result(embeddings, none);
    }

    static Landmarks meanLandmarks(List<Landmarks> all) {
        float[] xy = new float[2 * Landmarks.COUNT];
        synchronized (all) {
            for (Landmarks l : all) {
                for (int i = 0; i < Landmarks.COUNT; i++) {
                    xy[2 * i] += l.get(i).x();
                    xy[2 * i + 1] += l.get(i).y();
                }
            }
        }
        for (int i = 0; i < xy.length; i++) xy[i] /= all.size();
        return Landmarks.of(xy);
    }

    /**
     * The labelled images under {@code root}, laid out as {@code root/<Name>/<image>} (LFW's
     * {@code <Name>/<Name>_NNNN.jpg}): people sorted by name, each person's images sorted by file name (so
     * {@code _0001} comes first); people without images are left out.
     *
     * @param limitPeople keep only the first N people (alphabetically), or null for all
     * @throws IllegalArgumentException if {@code root} is not a directory or holds no images
     */
    static TreeMap<String, List<Path>> listPeople(Path root, Integer limitPeople) throws IOException {
        if (!Files.isDirectory(root)) throw new IllegalArgumentException("not a directory: " + root);
        if (limitPeople != null && limitPeople < 1) throw new IllegalArgumentException("--limit-people must be at least 1: " + limitPeople);
        TreeMap<String, List<Path>> people = new TreeMap<>();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path d : dirs) {
            if (limitPeople != null && people.size() >= limitPeople) break;
            List<Path> imgs;
            try (Stream<Path> s = Files.list(d)) {
                imgs = s.filter(p -> Files.isRegularFile(p) && isImageName(p)).sorted().toList();
            }
            if (!imgs.isEmpty()) people.put(d.getFileName().toString(), imgs);
        }
        if (people.isEmpty()) throw new IllegalArgumentException("no images in " + root + " (expected DIR/<Name>/<image>.jpg)");
        return people;
    }

    /** Whether the file name has an image extension (jpg, jpeg, png, bmp, gif), ignoring case. */
    static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png") || n.endsWith(".bmp") || n.endsWith(".gif");
    }
}
