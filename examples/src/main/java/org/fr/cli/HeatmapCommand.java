package org.fr.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.fr.Embedding;
import org.fr.FaceRecognizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fr heatmap DIR --out heatmap.png}: the N x N cosine similarities of the largest face of each photo in a
 * folder (sorted by file name), drawn as a heatmap with the verification threshold marked on its colour bar, and
 * written as a CSV with a header row of labels (the file base names). Photos without a face are named on stderr and
 * left out. One JSON line: {@code {"images":N,"no_face":[...],"png":P,"csv":C}}.
 */
@Command(name = "heatmap", description = "Similarity heatmap (PNG and CSV) of the largest face of each photo in a folder.")
final class HeatmapCommand implements Callable<Integer> {
    @Mixin
    ModelOptions models;

    @Parameters(paramLabel = "DIR", description = "A folder of photos (JPEG, PNG, BMP, GIF), one person each.")
    Path dir;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "The heatmap image to write.")
    Path png;

    @Option(names = "--csv", paramLabel = "FILE", description = "The matrix as CSV (default: the PNG's name with .csv).")
    Path csv;

    @Option(names = "--jobs", paramLabel = "N", description = "Photos embedded in parallel (default: the number of cores).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("not a directory: " + dir);
        List<Path> photos;
        try (Stream<Path> s = Files.list(dir)) {
            photos = s.filter(p -> Files.isRegularFile(p) && FolderEmbeddings.isImageName(p))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        }
        if (photos.isEmpty()) throw new IllegalArgumentException("no photos (jpg, jpeg, png, bmp, gif) in " + dir);
        Path csvFile = csv != null ? csv : png.resolveSibling(DetectCommand.baseName(png) + ".csv");
        FolderEmbeddings.Result r;
        float threshold;
        try (FaceRecognizer fr = models.builder().threads(1).build()) {
            threshold = fr.threshold();
            r = FolderEmbeddings.embed(fr, photos, jobs, "heatmap", FolderEmbeddings.Pick.LARGEST, false);
        }
        List<String> noFace = new ArrayList<>();
        for (Path p : r.noFace()) {
            System.err.println("fr heatmap: no face in " + p + "; left out");
            noFace.add(p.getFileName().toString());
        }
        List<String> labels = new ArrayList<>();
        List<Embedding> es = new ArrayList<>();
        for (Path p : photos) {
            Embedding e = r.embeddings().get(p);
            if (e == null) continue;
            labels.add(DetectCommand.baseName(p));
            es.add(e);
        }
        if (es.isEmpty()) throw new IllegalArgumentException("no face in any photo of " + dir);
        float[][] sim = matrix(es);
        writeCsv(sim, labels, csvFile);
        SimilarityHeatmap.write(sim, labels, threshold, String.format(Locale.ROOT, "%s: %d photos, %s + %s (threshold %.3f)",
                dir.toAbsolutePath().normalize().getFileName(), es.size(), models.detector, models.embedder, threshold), png);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", es.size());
        m.put("no_face", noFace);
        m.put("png", png.toString());
        m.put("csv", csvFile.toString());
        new JsonLines(System.out).write(m);
        return ExitCodes.OK;
    }

    /** The symmetric matrix of cosines; the diagonal is each embedding with itself (1 up to rounding). */
    static float[][] matrix(List<Embedding> es) {
        int n = es.size();
        float[][] sim = new float[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) sim[i][j] = sim[j][i] = es.get(i).cosine(es.get(j));
        }
        return sim;
    }

    static void writeCsv(float[][] sim, List<String> labels, Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l : labels) sb.append(',').append(csvField(l)); // the first cell (above the row labels) is empty
        sb.append('\n');
        for (int i = 0; i < sim.length; i++) {
            sb.append(csvField(labels.get(i)));
            for (float v : sim[i]) sb.append(',').append(String.format(Locale.ROOT, "%.6f", v));
            sb.append('\n');
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, sb, StandardCharsets.UTF_8);
    }

    static String csvField(String s) {
        return s.matches("[^,\"\\r\\n]*") && !s.isEmpty() ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
