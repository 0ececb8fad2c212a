package org.fr.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the JSON lines of {@code fr eval-lfw} and exits 1 unless the final mean accuracy reaches a minimum:
 * {@code CheckAccuracy FILE MIN}. Used by CI to keep the README's main job honest.
 */
public final class CheckAccuracy {
    private CheckAccuracy() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: CheckAccuracy EVAL_LFW_OUTPUT MIN_ACCURACY");
            System.exit(ExitCodes.BAD_INPUT);
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        if (lines.isEmpty()) {
            System.err.println(args[0] + ": no output from eval-lfw");
            System.exit(ExitCodes.FAILURE);
        }
        JsonNode last = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        double acc = last.path("accuracy").asDouble(Double.NaN), min = Double.parseDouble(args[1]);
        boolean ok = acc >= min && last.path("pairs").asInt() == 6000;
        System.out.printf("LFW accuracy %.4f over %d pairs (minimum %.3f): %s%n", acc, last.path("pairs").asInt(), min, ok ? "ok" : "FAILED");
        System.exit(ok ? ExitCodes.OK : ExitCodes.FAILURE);
    }
}
