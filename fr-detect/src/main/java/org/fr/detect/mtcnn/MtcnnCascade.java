package org.fr.detect.mtcnn;

import java.util.ArrayList;
import java.util.List;

import org.fr.DetectedFace;
import org.fr.Landmarks;
import org.fr.ModelException;
import org.fr.Resampler;
import org.fr.RgbImage;
import org.fr.detect.mtcnn.CandidateNms.Overlap;
import org.fr.onnx.Tensor;

/**
 * The MTCNN cascade over three networks given as functions (so it can be tested without them):
 * <ol>
 * <li>P-Net scans an {@link ImagePyramid}; each level's cells above {@code threshold-pnet} become candidates
 *     ({@link PnetMaps}), reduced by NMS within the level, then across levels; the survivors move by their box
 *     regression and become squares.</li>
 * <li>R-Net scores 24x24 crops of all candidates in batches; those above {@code threshold-rnet} are reduced by NMS,
 *     regressed and squared.</li>
 * <li>O-Net scores 48x48 crops the same way and gives five landmarks (fractions of the crop's width and height:
 *     {@code x1..x5, y1..y5}, in the order left eye, right eye, nose, left and right mouth corner); the boxes are
 *     regressed and reduced by NMS over the smaller box's area.</li>
 * </ol>
 * Every crop is the candidate's box rounded to whole pixels, padded with black past the image, and the next
 * regression and the landmarks are relative to that rounded box. Stateless apart from the networks; thread-safe when
 * they are.
 */
final class MtcnnCascade {
    /** One network: its outputs, in its declared order, for one input tensor. */
    @FunctionalInterface
    interface Network {
        List<Tensor> run(Tensor input);
    }

    static final String PNET_INPUT = "pnet/input", RNET_INPUT = "rnet/input", ONET_INPUT = "onet/input";
    static final int RNET_SIDE = 24, ONET_SIDE = 48;
    /** Most crops per R-Net or O-Net run (bounds the input tensor to 256 x 48 x 48 x 3 floats). */
    static final int BATCH = 256;

    private final MtcnnSettings settings;
    private final Network pnet, rnet, onet;

    MtcnnCascade(MtcnnSettings settings, Network pnet, Network rnet, Network onet) {
        this.settings = settings;
        this.pnet = pnet;
        this.rnet = rnet;
        this.onet = onet;
    }

    MtcnnSettings settings() { return settings; }

    List<DetectedFace> detect(RgbImage image) {
        List<Candidate> c = proposals(image);
        if (c.isEmpty()) return List.of();
        c = refine(image, c);
        if (c.isEmpty()) return List.of();
        c = output(image, c);
        List<DetectedFace> faces = new ArrayList<>(c.size());
        for (Candidate k : c) {
            var box = k.box(image.width(), image.height());
            if (box.width() < 1 || box.height() < 1) continue;
            faces.add(new DetectedFace(box, Math.max(0f, Math.min(1f, k.score())), k.landmarks()));
        }
        return faces;
    }

    /** Stage 1: P-Net over the pyramid; regressed squares. */
    List<Candidate> proposals(RgbImage image) {
        List<Candidate> all = new ArrayList<>();
        for (float s : ImagePyramid.scales(image.width(), image.height(), settings.minFace(), settings.scaleFactor())) {
            int w = ImagePyramid.scaledSide(image.width(), s), h = ImagePyramid.scaledSide(image.height(), s);
            if (w < ImagePyramid.WINDOW || h < ImagePyramid.WINDOW) continue;
            float[] data = new float[w * h * 3];
            NetworkInput.writeTransposed(Resampler.resize(image, w, h), data, 0);
            List<Tensor> out = pnet.run(new Tensor(PNET_INPUT, new long[] {1, w, h, 3}, data));
            Tensor prob = out.get(0), reg = out.get(1);
            if (prob.shape().length != 4 || prob.dim(3) != 2 || reg.shape().length != 4 || reg.dim(3) != 4) {
                throw new ModelException("P-Net gave outputs " + prob + " and " + reg + ", expected [1,X,Y,2] and [1,X,Y,4]");
            }
            List<Candidate> level = PnetMaps.decode(prob.data(), reg.data(), prob.dim(1), prob.dim(2), s, settings.pnetThreshold());
            all.addAll(CandidateNms.apply(level, settings.pnetScaleNms(), Overlap.UNION));
        }
        all = CandidateNms.apply(all, settings.pnetNms(), Overlap.UNION);
        List<Candidate> out = new ArrayList<>(all.size());
        for (Candidate c : all) out.add(c.regressed().squared());
        return out;
    }

    /** Stage 2: R-Net on 24x24 crops; regressed squares. */
    List<Candidate> refine(RgbImage image, List<Candidate> candidates) {
        List<Candidate> kept = new ArrayList<>();
        List<Candidate> snapped = snap(candidates);
        for (int from = 0; from < snapped.size(); from += BATCH) {
            List<Candidate> batch = snapped.subList(from, Math.min(snapped.size(), from + BATCH));
            List<Tensor> out = rnet.run(crops(image, batch, RNET_SIDE, RNET_INPUT));
            float[] prob = checked(out.get(0), batch.size(), 2, "R-Net probability"), reg = checked(out.get(1), batch.size(), 4, "R-Net regression");
            for (int i = 0; i < batch.size(); i++) {
                if (prob[i * 2 + 1] >= settings.rnetThreshold()) kept.add(batch.get(i).rescored(prob[i * 2 + 1], reg, i * 4));
            }
        }
        kept = CandidateNms.apply(kept, settings.rnetNms(), Overlap.UNION);
        List<Candidate> out = new ArrayList<>(kept.size());
        for (Candidate c : kept) out.add(c.regressed().squared());
        return out;
    }

    /** Stage 3: O-Net on 48x48 crops; landmarks, regressed boxes, NMS over the smaller box. */
    List<Candidate> output(RgbImage image, List<Candidate> candidates) {
        List<Candidate> kept = new ArrayList<>();
        List<Candidate> snapped = snap(candidates);
        for (int from = 0; from < snapped.size(); from += BATCH) {
            List<Candidate> batch = snapped.subList(from, Math.min(snapped.size(), from + BATCH));
            List<Tensor> out = onet.run(crops(image, batch, ONET_SIDE, ONET_INPUT));
            float[] prob = checked(out.get(0), batch.size(), 2, "O-Net probability"), reg = checked(out.get(1), batch.size(), 4, "O-Net regression");
            float[] marks = checked(out.get(2), batch.size(), 10, "O-Net landmarks");
            for (int i = 0; i < batch.size(); i++) {
                float p = prob[i * 2 + 1];
                if (p < settings.onetThreshold()) continue;
                Candidate c = batch.get(i);
                float[] xy = new float[10];
                for (int j = 0; j < 5; j++) {
                    xy[2 * j] = c.x1() + marks[i * 10 + j] * c.width();
                    xy[2 * j + 1] = c.y1() + marks[i * 10 + 5 + j] * c.height();
                }
                kept.add(c.rescored(p, reg, i * 4).withLandmarks(Landmarks.of(xy)).regressed());
            }
        }
        return CandidateNms.apply(kept, settings.onetNms(), Overlap.MIN);
    }

    /** The candidates' boxes rounded to whole pixels, at least one pixel wide and high. */
    static List<Candidate> snap(List<Candidate> candidates) {
        List<Candidate> out = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            float x = Math.round(c.x1()), y = Math.round(c.y1());
            float w = Math.max(1, Math.round(c.width())), h = Math.max(1, Math.round(c.height()));
            out.add(new Candidate(x, y, x + w, y + h, c.score(), c.dx1(), c.dy1(), c.dx2(), c.dy2(), c.landmarks()));
        }
        return out;
    }

    /** The batch's crops as one {@code [N, side, side, 3]} transposed, normalised tensor. */
    static Tensor crops(RgbImage image, List<Candidate> batch, int side, String name) {
        int per = side * side * 3;
        float[] data = new float[batch.size() * per];
        for (int i = 0; i < batch.size(); i++) {
            Candidate c = batch.get(i);
            RgbImage crop = NetworkInput.paddedCrop(image, (int) c.x1(), (int) c.y1(), (int) c.width(), (int) c.height(), side);
            NetworkInput.writeTransposed(crop, data, i * per);
        }
        return new Tensor(name, new long[] {batch.size(), side, side, 3}, data);
    }

    private static float[] checked(Tensor t, int n, int width, String what) {
        if (t.data().length != n * width) {
            throw new ModelException(what + " output " + t + " has " + t.data().length + " values, expected " + n + " x " + width);
        }
        return t.data();
    }
}
