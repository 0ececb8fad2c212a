package org.fr.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fr.ComponentOptions;
import org.fr.DetectedFace;
import org.fr.FaceRecognizer;
import org.fr.RgbImage;
import org.fr.analyze.Analysis;
import org.fr.analyze.FaceAnalyzer;
import org.fr.analyze.FaceAttributes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fr analyze IMAGE...}: per image
 * {@code {"image":P,"faces":[{"box":[...],"age":A,"gender":"male"|"female","gender_score":S,"expression":E,
 * "pose":{"yaw":..,"pitch":..,"roll":..},"liveness":L}]}}. Liveness is not a certified presentation-attack check.
 */
@Command(name = "analyze", description = "Estimate age, gender, expression, head pose and a liveness score per face.")
final class AnalyzeCommand implements Callable<Integer> {
    @Mixin
    ModelOptions models;

    @Option(names = "--only", split = ",", paramLabel = "ANALYSIS", description = "Only these analyses: ${COMPLETION-CANDIDATES} (default: all).")
    List<Analysis> only;

    @Parameters(paramLabel = "IMAGE", arity = "1..*")
    List<Path> images;

    @Override
    public Integer call() {
        JsonLines out = new JsonLines(System.out);
        int code;
        FaceAnalyzer.Builder ab = FaceAnalyzer.builder();
        if (only == null || only.isEmpty()) ab.all();
        else ab.with(only.toArray(Analysis[]::new));
        if (models.gpu != null) ab.options(ComponentOptions.empty().with(ComponentOptions.GPU, models.gpu.toString()));
        try (FaceRecognizer fr = models.builder().build(); FaceAnalyzer analyzer = ab.build()) {
            code = EachImage.run("analyze", images, p -> {
                RgbImage img = fr.read(p);
                List<Map<String, Object>> faces = new ArrayList<>();
                for (DetectedFace f : fr.detect(img)) faces.add(face(f, analyzer.analyze(img, f)));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("image", p.toString());
                m.put("faces", faces);
                out.write(m);
            });
        }
        return code;
    }

    private static Map<String, Object> face(DetectedFace f, FaceAttributes a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("box", JsonLines.box(f.box()));
        if (a.age() != null) m.put("age", JsonLines.round4(a.age()));
        if (a.gender() != null) {
            m.put("gender", a.gender());
            m.put("gender_score", JsonLines.round4(a.genderScore()));
        }
        if (a.expression() != null) {
            m.put("expression", a.expression());
            Map<String, Object> probs = new LinkedHashMap<>();
            a.expressionProbabilities().forEach((k, v) -> probs.put(k, JsonLines.round4(v)));
            m.put("expression_probabilities", probs);
        }
        if (a.pose() != null) {
            Map<String, Object> pose = new LinkedHashMap<>();
            pose.put("yaw", JsonLines.round4(a.pose().yaw()));
            pose.put("pitch", JsonLines.round4(a.pose().pitch()));
            pose.put("roll", JsonLines.round4(a.pose().roll()));
            m.put("pose", pose);
        }
        if (a.liveness() != null) m.put("liveness", JsonLines.round4(a.liveness()));
        return m;
    }
}
