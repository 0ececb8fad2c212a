package org.fr.embed;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

import org.fr.ModelException;

/**
 * Reads an embedder's calibrated thresholds from a properties resource next to its provider: entries
 * {@code <prefix><false-match rate>=<cosine>} (e.g. {@code fmr.1e-3=0.3454}), as written by {@code fr calibrate --out}.
 * Stateless and thread-safe.
 */
public final class CalibratedThresholds {
    private CalibratedThresholds() {}

    /**
     * @param owner    the class the resource lies next to
     * @param resource the resource's name, relative to {@code owner}
     * @param prefix   the key prefix before the rate (e.g. {@code fmr.} or {@code flip.true.fmr.})
     * @param modelId  named in errors
     * @return the thresholds by false-match rate; empty when the resource or the prefix is missing
     * @throws ModelException if the resource cannot be read or holds a malformed entry
     */
    public static SortedMap<Double, Float> read(Class<?> owner, String resource, String prefix, String modelId) {
        Properties p = new Properties();
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) return Collections.emptySortedMap();
            p.load(in);
        } catch (IOException e) {
            throw new ModelException("cannot read " + resource + " of " + modelId, e);
        }
        TreeMap<Double, Float> out = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.startsWith(prefix)) continue;
            try {
                double fmr = Double.parseDouble(key.substring(prefix.length()));
                float cosine = Float.parseFloat(p.getProperty(key).trim());
                if (!(fmr > 0 && fmr < 1) || !(cosine >= -1 && cosine <= 1)) throw new NumberFormatException("out of range");
                out.put(fmr, cosine);
            } catch (NumberFormatException e) {
                throw new ModelException("malformed entry in " + resource + " of " + modelId + ": " + key + "="
                        + p.getProperty(key), e);
            }
        }
        return Collections.unmodifiableSortedMap(out);
    }
}
