package org.fr;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;

import org.fr.spi.FaceDetectorProvider;
import org.fr.spi.FaceEmbedderProvider;

/** Finds detectors and embedders by name through {@link ServiceLoader}. Stateless and thread-safe. */
public final class Components {
    private Components() {}

    public static List<String> detectorNames() {
        return names(FaceDetectorProvider.class, FaceDetectorProvider::name);
    }

    public static List<String> embedderNames() {
        return names(FaceEmbedderProvider.class, FaceEmbedderProvider::name);
    }

    public static FaceDetector detector(String name, ComponentOptions options) {
        for (FaceDetectorProvider p : ServiceLoader.load(FaceDetectorProvider.class)) {
            if (p.name().equals(name)) return p.create(options);
        }
        throw new IllegalArgumentException("no detector named '" + name + "'; available: " + detectorNames());
    }

    public static FaceEmbedder embedder(String name, ComponentOptions options) {
        for (FaceEmbedderProvider p : ServiceLoader.load(FaceEmbedderProvider.class)) {
            if (p.name().equals(name)) return p.create(options);
        }
        throw new IllegalArgumentException("no embedder named '" + name + "'; available: " + embedderNames());
    }

    private static <P> List<String> names(Class<P> type, Function<P, String> name) {
        List<String> out = new ArrayList<>();
        for (P p : ServiceLoader.load(type)) out.add(name.apply(p));
        out.sort(null);
        return out;
    }
}
