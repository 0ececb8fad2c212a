package org.fr.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.fr.BoundingBox;
import org.fr.DetectedFace;
import org.fr.Point;

/** Writes one JSON object per line and builds the shared pieces of the output. Thread-safe. */
final class JsonLines {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final PrintStream out;

    JsonLines(PrintStream out) { this.out = out; }

    synchronized void write(Map<String, ?> object) {
        try {
            out.println(MAPPER.writeValueAsString(object));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Writes a line that is already one JSON object. */
    synchronized void writeRaw(String jsonObject) {
        out.println(jsonObject);
        out.flush();
    }

    static List<Float> box(BoundingBox b) {
        return List.of(round(b.x1()), round(b.y1()), round(b.x2()), round(b.y2()));
    }

    static List<List<Float>> points(List<Point> points) {
        List<List<Float>> out = new ArrayList<>();
        for (Point p : points) out.add(List.of(round(p.x()), round(p.y())));
        return out;
    }

    static Map<String, Object> face(DetectedFace f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("box", box(f.box()));
        m.put("score", round4(f.score()));
        m.put("landmarks", f.landmarks() == null ? List.of() : points(f.landmarks().points()));
        return m;
    }

    static float round(float v) { return Math.round(v * 10f) / 10f; }

    static double round4(double v) { return Math.round(v * 10000.0) / 10000.0; }
}
