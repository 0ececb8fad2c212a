package org.fr;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * String options handed to a detector or embedder provider, e.g. {@code model=/path/own.onnx},
 * {@code gpu=0}, {@code threshold=0.7}. Typed getters fail with a message naming the option. Immutable
 * and thread-safe.
 */
public record ComponentOptions(Map<String, String> values) {
    /** Option naming an ONNX file that replaces the bundled model. */
    public static final String MODEL = "model";
    /** Option naming the CUDA device to run on; absent means CPU. */
    public static final String GPU = "gpu";
    /** Option giving the number of intra-op threads of each model session. */
    public static final String THREADS = "threads";

    public ComponentOptions {
        values = Map.copyOf(new TreeMap<>(values));
    }

    public static ComponentOptions empty() { return new ComponentOptions(Map.of()); }

    public ComponentOptions with(String key, String value) {
        Map<String, String> m = new TreeMap<>(values);
        m.put(key, value);
        return new ComponentOptions(m);
    }

    public Optional<String> get(String key) { return Optional.ofNullable(values.get(key)); }

    public float getFloat(String key, float dflt) {
        String v = values.get(key);
        if (v == null) return dflt;
        try {
            return Float.parseFloat(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + " must be a number, got '" + v + "'");
        }
    }

    public int getInt(String key, int dflt) {
        String v = values.get(key);
        if (v == null) return dflt;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + " must be an integer, got '" + v + "'");
        }
    }

    public boolean getBoolean(String key, boolean dflt) {
        String v = values.get(key);
        if (v == null) return dflt;
        return switch (v.trim().toLowerCase()) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException("option " + key + " must be true or false, got '" + v + "'");
        };
    }
}
