package org.fr.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fr.FaceRecognizer;
import org.fr.RecognizedFace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code fr embed IMAGE...}: {@code {"image":P,"faces":[{"box":[...],"embedding":[...]}]}} per image. */
@Command(name = "embed", description = "Print the embedding of every face in images.")
final class EmbedCommand implements Callable<Integer> {
    @Mixin
    ModelOptions models;

    @Parameters(paramLabel = "IMAGE", arity = "1..*")
    List<Path> images;

    @Override
    public Integer call() {
        JsonLines out = new JsonLines(System.out);
        int code;
        try (FaceRecognizer fr = models.builder().build()) {
            code = EachImage.run("embed", images, p -> out.write(line(p, fr.embedder().modelId(), fr.recognizeAll(fr.read(p)))));
        }
        return code;
    }

    /** The output line for one image (shared with {@code fr client embed}). */
    static Map<String, Object> line(Path p, String modelId, List<RecognizedFace> recognized) {
        List<Map<String, Object>> faces = new ArrayList<>();
        for (RecognizedFace f : recognized) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("box", JsonLines.box(f.face().box()));
            m.put("score", JsonLines.round4(f.face().score()));
            m.put("embedding", f.embedding().values());
            faces.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", p.toString());
        m.put("model", modelId);
        m.put("faces", faces);
        return m;
    }
}
