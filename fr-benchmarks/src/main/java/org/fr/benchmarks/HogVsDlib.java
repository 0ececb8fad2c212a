package org.fr.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.fr.DetectedFace;
import org.fr.ImageDecoder;
import org.fr.Resampler;
import org.fr.RgbImage;
import org.fr.detect.hog.HogDetector;
import org.fr.detect.hog.HogModel;
import org.fr.detect.hog.HogSettings;

/**
 * Latency of our {@code hog} detector against dlib's frontal HOG detector on the same photo, in the same run: the
 * photo is resized to 640x480, written as PNG for the dlib peer program (given as its binary's path; see
 * {@code run-hog-vs-dlib.sh}), and both detect it {@code RUNS} times after warm-up on a single thread; the
 * medians of the thread CPU time (both sides measure CPU time: the shared machine inflates wall time) are compared
 * at the 80 px setting (ours min-face 80, dlib upsample 0) and the 40 px setting (min-face 40, upsample 1). Our
 * multi-threaded figure (levels over all cores) is wall time. Ours runs with the detector's default settings (the
 * fast feature pyramid, {@code exact_every} in the output). Prints one JSON line per setting.
 *
 * <p>Usage: {@code HogVsDlib DLIB_BINARY IMAGE [RUNS] [EXACT_EVERY]} (the last: our {@code exact-every} option,
 * default the detector's).
 */
public final class HogVsDlib {
    private HogVsDlib() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: HogVsDlib DLIB_BINARY IMAGE [RUNS] [EXACT_EVERY]");
            System.exit(2);
        }
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int exactEvery = args.length > 3 ? Integer.parseInt(args[3]) : HogSettings.defaults().exactEvery();
        RgbImage img = Resampler.resize(ImageDecoder.read(Path.of(args[1])), 640, 480);
        Path png = Files.createTempFile("hog-vs-dlib", ".png");
        try {
            ImageIO.write(ImageDecoder.toBufferedImage(img), "png", png.toFile());
            List<HogModel> model = HogModel.bundledPoses(), upsampled = HogModel.bundledUpsampledPoses();
            for (int up = 0; up <= 1; up++) {
                float minFace = 80f / (1 << up);
                String[] dlib = runDlib(args[0], png, up, runs);
                double dlibMs = Double.parseDouble(dlib[1]);
                int dlibBoxes = dlib.length > 2 && !dlib[2].isEmpty() ? dlib[2].split(";").length : 0;
                double oursMs;
                int ourBoxes;
                try (HogDetector single = new HogDetector(model, upsampled, HogSettings.defaults().withMinFace(minFace).withExactEvery(exactEvery), null)) {
                    double[] r = median(single, img, runs, true);
                    oursMs = r[0];
                    ourBoxes = (int) r[1];
                }
                double multiMs;
                int cores = Runtime.getRuntime().availableProcessors();
                try (HogDetector multi = new HogDetector(model, upsampled, HogSettings.defaults().withMinFace(minFace).withExactEvery(exactEvery).withThreads(cores), null)) {
                    multiMs = median(multi, img, runs, false)[0];
                }
                System.out.printf("{\"setting\":\"%d px (dlib upsample %d)\",\"image\":\"%s\",\"size\":\"640x480\",\"runs\":%d,"
                                + "\"ours_ms\":%.2f,\"dlib_ms\":%.2f,\"ratio\":%.3f,\"ours_boxes\":%d,\"dlib_boxes\":%d,"
                                + "\"ours_wall_ms_threads_%d\":%.2f,\"exact_every\":%d}%n",
                        (int) minFace, up, Path.of(args[1]).getFileName(), runs, oursMs, dlibMs, oursMs / dlibMs, ourBoxes, dlibBoxes,
                        cores, multiMs, exactEvery);
            }
        } finally {
            Files.deleteIfExists(png);
        }
    }

    /** {median ms, boxes}: thread CPU time when {@code cpu}, else wall time; 10 warm-up runs first. */
    static double[] median(HogDetector d, RgbImage img, int runs, boolean cpu) {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        List<DetectedFace> faces = null;
        for (int i = 0; i < 10; i++) faces = d.detect(img);
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = cpu ? bean.getCurrentThreadCpuTime() : System.nanoTime();
            faces = d.detect(img);
            long t1 = cpu ? bean.getCurrentThreadCpuTime() : System.nanoTime();
            ms[i] = (t1 - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[runs / 2], faces.size()};
    }

    /** One line of the peer: path, median ms, boxes. */
    static String[] runDlib(String binary, Path png, int upsample, int runs) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary, Integer.toString(upsample), Integer.toString(runs))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().write((png + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String line;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            line = r.readLine();
        }
        if (p.waitFor() != 0 || line == null) throw new IOException("dlib peer " + binary + " failed (exit " + p.exitValue() + ")");
        return line.split("\t", -1);
    }
}
