package org.fr.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;


import org.fr.Embedding;
import org.fr.FaceRecognizer;
import org.fr.Gallery;
import org.fr.Identification;
import org.fr.Match;
import org.fr.eval.OpenSetRates;
import org.fr.gallery.FlatGallery;
import org.fr.gallery.solr.SolrGallery;
import org.fr.gallery.solr.SolrGalleryAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fr eval-identify}: open-set identification on LFW-style folders ({@code DIR/<Name>/<Name>_NNNN.jpg}).
 * The gallery holds the first image (lowest number) of every person with at least two images, enrolled into a
 * {@link FlatGallery}; the genuine probes are those people's other images; the impostor probes are all images of
 * the people with exactly one image, who are never enrolled. Each probe is the face nearest its image's centre
 * (the mean-landmark fallback where none is found, as in {@code eval-lfw}).
 *
 * <p>At a threshold {@code t}: DIR (detection and identification rate) is the fraction of genuine probes whose
 * rank-1 identity is right with similarity {@code >= t}; FPIR (false positive identification rate) the fraction of
 * impostor probes whose rank-1 similarity is {@code >= t}. Lines: the operating point at the embedder's calibrated
 * FMR 1e-3 threshold (when it has one), the one at FPIR = 0.01 (its threshold chosen from these very impostors'
 * rank-1 scores, so in-sample by construction), then a final line at the threshold in force (the calibrated 1e-3
 * one unless {@code --threshold}). The bundled arcface thresholds were calibrated on LFW, so on LFW (or a subset of
 * it) every figure is in-sample: {@code "in_sample"} says so.
 */
@Command(name = "eval-identify", description = "Open-set identification (DIR at FPIR) on LFW-style folders.")
final class EvalIdentifyCommand implements Callable<Integer> {
    static final double CALIBRATED_FMR = 1e-3;
    static final double FPIR_POINT = 0.01;

    @Mixin
    ModelOptions models;

    @Option(names = "--root", paramLabel = "DIR", description = "Labelled photos: DIR/<Name>/<Name>_NNNN.jpg (default: the shared LFW).")
    Path root;

    @Option(names = "--limit-people", paramLabel = "N", description = "Use only the first N people (alphabetically): a quick subset.")
    Integer limitPeople;

    @Option(names = "--threshold", paramLabel = "COSINE", description = "The threshold in force (default: the embedder's calibrated FMR 1e-3 threshold).")
    Float threshold;

    @Option(names = "--plot", paramLabel = "PNG", description = "Also draw the DIR vs FPIR curve as a PNG.")
    Path plot;

    @Option(names = "--jobs", paramLabel = "N", description = "Images embedded and probes searched in parallel (default: the number of cores).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--compare-db", paramLabel = "solr://ZK:PORT[,ZK:PORT...]/CHROOT?collection=NAME",
            description = "Also run the evaluation through a SolrCloud gallery in this empty collection and report its agreement with the embedded one.")
    String compareDb;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        if (threshold != null && !(threshold >= -1 && threshold <= 1)) {
            throw new IllegalArgumentException("--threshold must lie in [-1, 1]: " + threshold);
        }
        if (compareDb != null) SolrGalleryAddress.parse(compareDb); // a bad address is refused before any work
        Path dir = root != null ? root : CalibrateCommand.defaultLfw();
        TreeMap<String, List<Path>> people = FolderEmbeddings.listPeople(dir, limitPeople);
        List<String> enrolled = new ArrayList<>();
        List<Path> galleryImages = new ArrayList<>(), genuine = new ArrayList<>(), impostors = new ArrayList<>();
        List<String> genuineNames = new ArrayList<>();
        for (var e : people.entrySet()) {
            List<Path> imgs = e.getValue();
            if (imgs.size() == 1) {
                impostors.add(imgs.get(0));
            } else {
                enrolled.add(e.getKey());
                galleryImages.add(imgs.get(0));
                for (Path p : imgs.subList(1, imgs.size())) {
                    genuine.add(p);
                    genuineNames.add(e.getKey());
                }
            }
        }
        if (enrolled.isEmpty() || impostors.isEmpty()) {
            throw new IllegalArgumentException("open-set identification needs people with at least two images (gallery) and "
                    + "people with one (impostors); " + dir + " has " + enrolled.size() + " and " + impostors.size());
        }
        List<Path> all = new ArrayList<>(galleryImages);
        all.addAll(genuine);
        all.addAll(impostors);

        FolderEmbeddings.Result embedded;
        float inForce;
        String thresholdFrom;
        Float calibrated;
        String modelId;
        int dimension;
        try (FaceRecognizer fr = models.builder().threads(1).build()) {
            calibrated = fr.embedder().calibratedThresholds().get(CALIBRATED_FMR);
            if (threshold == null && calibrated == null) {
                throw new IllegalArgumentException("embedder " + models.embedder + " (model " + fr.embedder().modelId()
                        + ") has no calibrated threshold for FMR 1e-3; give --threshold");
            }
            inForce = threshold != null ? threshold : calibrated;
            thresholdFrom = threshold != null ? "--threshold" : "calibrated fmr=1e-3";
            modelId = fr.embedder().modelId();
            dimension = fr.embedder().dimension();
            embedded = FolderEmbeddings.embed(fr, all, jobs, "eval-identify", FolderEmbeddings.Pick.CENTRE, true);
        }
        Map<Path, Embedding> emb = embedded.embeddings();

        float[] genuineScores = new float[genuine.size()];
        boolean[] correct = new boolean[genuine.size()];
        float[] impostorScores = new float[impostors.size()];
        int dirCount = 0, fpirCount = 0;
        List<Path> probes = new ArrayList<>(genuine);
        probes.addAll(impostors);
        Identification[] ids;
        try (FlatGallery gallery = FlatGallery.builder(modelId, dimension).threshold(inForce).parallelism(1).build()) {
            for (int i = 0; i < enrolled.size(); i++) {
                gallery.enroll(enrolled.get(i), List.of(emb.get(galleryImages.get(i))), Map.of("image", galleryImages.get(i).getFileName().toString()));
            }
            ids = searchAll(gallery, probes, emb, "probes searched");
            for (int i = 0; i < genuine.size(); i++) {
                Match top = ids[i].candidates().get(0);
                genuineScores[i] = top.similarity();
                correct[i] = top.identity().equals(genuineNames.get(i));
                if (ids[i].identity().map(genuineNames.get(i)::equals).orElse(false)) dirCount++;
            }
            for (int i = 0; i < impostors.size(); i++) {
                Identification id = ids[genuine.size() + i];
                impostorScores[i] = id.candidates().get(0).similarity();
                if (!id.unknown()) fpirCount++;
            }
        }
        OpenSetRates rates = new OpenSetRates(genuineScores, correct, impostorScores);
        boolean lfw = isSharedLfw(dir);
        JsonLines out = new JsonLines(System.out);
        System.err.println("fr eval-identify: note: the FPIR=0.01 threshold is chosen on these very impostors (in-sample); "
                + "the calibrated thresholds of the bundled arcface model come from all LFW pairs, so on LFW "
                + (lfw ? "(as here) " : "") + "those figures are in-sample too");
        if (calibrated != null) {
            out.write(point("fmr=1e-3", rates, calibrated, lfw));
        }
        float fpirThreshold = rates.thresholdAtFpir(FPIR_POINT);
        out.write(point("fpir=0.01", rates, fpirThreshold, true));
        if (plot != null) {
            DirFpirPlot.write(rates, calibrated, fpirThreshold, threshold, String.format(Locale.ROOT,
                    "Open-set identification, %s: gallery %d, %d genuine, %d impostor probes", shortName(dir),
                    enrolled.size(), genuine.size(), impostors.size()), plot);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dir", JsonLines.round4((double) dirCount / genuine.size()));
        m.put("fpir", JsonLines.round4((double) fpirCount / impostors.size()));
        m.put("threshold", inForce);
        m.put("gallery", enrolled.size());
        m.put("genuine", genuine.size());
        m.put("impostors", impostors.size());
        m.put("rank1", JsonLines.round4(rates.rank1()));
        m.put("threshold_from", thresholdFrom);
        m.put("in_sample", threshold == null && lfw);
        m.put("no_face", embedded.noFace().size());
        m.put("detector", models.detector);
        m.put("embedder", models.embedder);
        m.put("seconds", Math.round((System.nanoTime() - start) / 1e9));
        out.write(m);
        if (compareDb != null) {
            out.write(compareWithSolr(SolrGalleryAddress.parse(compareDb), modelId, dimension, inForce, enrolled,
                    galleryImages, probes, emb, ids, genuineNames, dirCount, fpirCount));
        }
        return ExitCodes.OK;
    }

    /** Every probe's identification at the gallery's threshold with k = 1, searched in parallel. */
    private Identification[] searchAll(Gallery gallery, List<Path> probes, Map<Path, Embedding> emb, String what)
            throws Exception {
        Identification[] ids = new Identification[probes.size()];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs));
        try (Progress progress = new Progress("eval-identify", what, probes.size())) {
            List<Future<?>> fs = new ArrayList<>();
            int chunk = Math.max(1, probes.size() / (8 * Math.max(1, jobs)));
            for (int s = 0; s < probes.size(); s += chunk) {
                int from = s, to = Math.min(probes.size(), s + chunk);
                fs.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        ids[i] = gallery.identify(emb.get(probes.get(i)), 1);
                        progress.step();
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } finally {
            pool.shutdownNow();
        }
        return ids;
    }

    /**
     * The same evaluation through a SolrGallery in an empty collection (created if missing): its DIR and FPIR at
     * the threshold in force, their differences from the embedded gallery's, and the fraction of probes whose
     * rank-1 identity both galleries agree on.
     */
    private Map<String, Object> compareWithSolr(SolrGalleryAddress address, String modelId, int dimension, float t,
                                                List<String> enrolled, List<Path> galleryImages, List<Path> probes,
                                                Map<Path, Embedding> emb, Identification[] flatIds,
                                                List<String> genuineNames, int flatDir, int flatFpir) throws Exception {
        long start = System.nanoTime();
        try (SolrGallery solr = SolrGallery.builder(modelId, dimension).threshold(t).address(address).build()) {
            if (solr.size() != 0) {
                throw new IllegalArgumentException("--compare-db " + address + " must name an empty collection; it holds "
                        + solr.size() + " identities");
            }
            List<SolrGallery.Enrolment> batch = new ArrayList<>();
            try (Progress progress = new Progress("eval-identify", "identities enrolled in Solr", enrolled.size())) {
                for (int i = 0; i < enrolled.size(); i++) {
                    batch.add(new SolrGallery.Enrolment(enrolled.get(i), List.of(emb.get(galleryImages.get(i))),
                            Map.of("image", galleryImages.get(i).getFileName().toString())));
                    if (batch.size() == 500 || i == enrolled.size() - 1) {
                        solr.enrollAll(batch);
                        for (int b = 0; b < batch.size(); b++) progress.step();
                        batch.clear();
                    }
                }
            }
            Identification[] ids = searchAll(solr, probes, emb, "probes searched in Solr");
            int genuine = genuineNames.size(), impostors = probes.size() - genuine;
            int dir = 0, fpir = 0, agree = 0;
            for (int i = 0; i < probes.size(); i++) {
                if (ids[i].candidates().get(0).identity().equals(flatIds[i].candidates().get(0).identity())) agree++;
                if (i < genuine) {
                    if (ids[i].identity().map(genuineNames.get(i)::equals).orElse(false)) dir++;
                } else if (!ids[i].unknown()) {
                    fpir++;
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("compare", address.toString());
            m.put("dir", JsonLines.round4((double) dir / genuine));
            m.put("fpir", JsonLines.round4((double) fpir / impostors));
            m.put("dir_delta", JsonLines.round4((double) (dir - flatDir) / genuine));
            m.put("fpir_delta", JsonLines.round4((double) (fpir - flatFpir) / impostors));
            m.put("top1_agreement", JsonLines.round4((double) agree / probes.size()));
            m.put("probes", probes.size());
            m.put("candidates", solr.candidates(1));
            m.put("seconds", Math.round((System.nanoTime() - start) / 1e9));
            return m;
        }
    }

    private static Map<String, Object> point(String name, OpenSetRates r, float t, boolean inSample) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("operating_point", name);
        m.put("dir", JsonLines.round4(r.dir(t)));
        m.put("fpir", JsonLines.round4(r.fpir(t)));
        m.put("threshold", t);
        m.put("in_sample", inSample);
        return m;
    }

    /** The folder's last two names, e.g. {@code lfw/images}. */
    static String shortName(Path dir) {
        Path p = dir.toAbsolutePath().normalize();
        int n = p.getNameCount();
        return n >= 2 ? p.subpath(n - 2, n).toString() : p.toString();
    }

    /** Whether {@code dir} is the shared LFW (or inside it), on which the bundled thresholds were calibrated. */
    static boolean isSharedLfw(Path dir) {
        try {
            return dir.toRealPath().startsWith(CalibrateCommand.defaultLfw().toRealPath());
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The DIR vs FPIR curve (FPIR on a log axis) with the operating points marked. Stateless. */
    static final class DirFpirPlot {
        static final int W = 900, H = 560, LEFT = 80, RIGHT = 30, TOP = 60, BOTTOM = 70;

        private DirFpirPlot() {}

        static void write(OpenSetRates r, Float calibrated, float fpirThreshold, Float given, String title, Path png) {
            float[] imp = r.impostorScores();
            int m = imp.length;
            double minExp = Math.floor(Math.log10(1.0 / m));
            // DIR axis: from a tenth below the curve's lowest point to 1
            // the best DIR at each FPIR k/M: the threshold just above the (k+1)-th highest impostor score
            float[] ts = new float[m];
            for (int k = 1; k <= m; k++) ts[k - 1] = k < m ? Math.nextUp(imp[m - 1 - k]) : -1f;
            double lowDir = 1;
            for (float t : ts) lowDir = Math.min(lowDir, r.dir(t));
            double yLo = Math.max(0, Math.floor(lowDir * 10 - 1e-9) / 10 - 0.1);
            BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = PngFiles.blankCanvas(img);
            try {
                int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
                // grid and axes
                for (double e = minExp; e <= 0; e++) {
                    int x = LEFT + (int) Math.round((e - minExp) / -minExp * pw);
                    g.setColor(new Color(230, 230, 230));
                    g.drawLine(x, TOP, x, TOP + ph);
                    g.setColor(Color.DARK_GRAY);
                    g.drawString(e == 0 ? "1" : String.format(Locale.ROOT, "1e%d", (int) e), x - 12, TOP + ph + 20);
                }
                int ticks = (int) Math.round((1 - yLo) * 10);
                double tick = ticks <= 3 ? 0.02 : 0.1;
                for (int k = 0; k <= Math.round((1 - yLo) / tick); k++) {
                    double v = yLo + k * tick;
                    int y = TOP + ph - (int) Math.round((v - yLo) / (1 - yLo) * ph);
                    g.setColor(new Color(230, 230, 230));
                    g.drawLine(LEFT, y, LEFT + pw, y);
                    g.setColor(Color.DARK_GRAY);
                    g.drawString(String.format(Locale.ROOT, tick < 0.1 ? "%.2f" : "%.1f", v), LEFT - 38, y + 5);
                }
                g.drawRect(LEFT, TOP, pw, ph);
                g.drawString("FPIR (impostor probes whose rank-1 score reaches the threshold), log scale", LEFT + pw / 2 - 230, H - 25);
                Graphics2D gy = (Graphics2D) g.create();
                gy.rotate(-Math.PI / 2);
                gy.drawString("DIR (right identity at or above the threshold)", -(TOP + ph / 2 + 150), 22);
                gy.dispose();
                // the curve: one point per FPIR level
                Path2D.Double curve = new Path2D.Double();
                boolean started = false;
                for (float t : ts) {
                    double fp = r.fpir(t);
                    if (fp <= 0) continue;
                    double x = LEFT + (Math.log10(fp) - minExp) / -minExp * pw;
                    double y = TOP + ph - (r.dir(t) - yLo) / (1 - yLo) * ph;
                    if (!started) {
                        curve.moveTo(x, y);
                        started = true;
                    } else {
                        curve.lineTo(x, y);
                    }
                }
                g.setColor(new Color(30, 120, 220));
                g.setStroke(new BasicStroke(2f));
                g.draw(curve);
                g.setStroke(new BasicStroke(1f));
                mark(g, r, fpirThreshold, "FPIR=0.01", minExp, yLo, pw, ph, new Color(230, 90, 30), 18);
                if (calibrated != null) mark(g, r, calibrated, "FMR 1e-3", minExp, yLo, pw, ph, new Color(20, 150, 60), 18);
                if (given != null) mark(g, r, given, "--threshold", minExp, yLo, pw, ph, new Color(140, 60, 170), 34);
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
                g.drawString(title, LEFT, 30);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                g.drawString("In-sample: the FPIR=0.01 threshold is chosen on these impostors; the FMR thresholds were calibrated on LFW.", LEFT, 48);
            } finally {
                g.dispose();
            }
            PngFiles.write(img, png);
        }

        private static void mark(Graphics2D g, OpenSetRates r, float t, String name, double minExp, double yLo, int pw, int ph,
                                 Color c, int dy) {
            double fp = Math.max(r.fpir(t), Math.pow(10, minExp)); // FPIR 0 drawn at the axis' left end
            int x = LEFT + (int) Math.round((Math.log10(fp) - minExp) / -minExp * pw);
            int y = TOP + ph - (int) Math.round((Math.max(r.dir(t), yLo) - yLo) / (1 - yLo) * ph);
            g.setColor(c);
            g.fillOval(x - 5, y - 5, 10, 10);
            String label = String.format(Locale.ROOT, "%s: t=%.3f, DIR %.3f, FPIR %.4f", name, t, r.dir(t), r.fpir(t));
            int w = g.getFontMetrics().stringWidth(label);
            // right of the point, or left of it near the right edge; below it, or above it near the bottom
            int tx = x + 8 + w <= LEFT + pw ? x + 8 : x - 8 - w;
            int ty = y + dy + 10 <= TOP + ph ? y + dy : y - Math.abs(dy);
            java.awt.FontMetrics fm = g.getFontMetrics();
            g.setColor(new Color(255, 255, 255, 215)); // keep the label readable over the curve
            g.fillRect(tx - 2, ty - fm.getAscent(), w + 4, fm.getAscent() + fm.getDescent());
            g.setColor(c);
            g.drawString(label, tx, ty);
        }
    }
}
