package org.fr.benchmarks.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the benchmarks find the shared datasets: env {@code FR_DATA}, else env {@code FR_DATA_DEFAULT} (set by the
 * root pom's surefire configuration), else {@code ../shared/datasets} next to the
 * repository root (the rule of the tests' {@code org.fr.TestData}, which lives in a test jar). Stateless.
 */
public final class Datasets {
    private Datasets() {}

    public static Path root() {
        String v = System.getenv("FR_DATA");
        for (String var : new String[] {"FR_DATA", "FR_DATA_DEFAULT"}) {
            String d = System.getenv(var);
            if (d != null && !d.isBlank() && Files.isDirectory(Path.of(d))) return Path.of(d);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("../shared/datasets").normalize();
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("fr-core")) && Files.isDirectory(d)) return d;
        }
        throw new IllegalStateException("the shared datasets were not found: set FR_DATA to the datasets folder "
                + "(see ../shared/README.md); FR_DATA='" + v + "'");
    }

    /** A file or folder under the datasets root, which must exist. */
    public static Path path(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) throw new IllegalStateException("dataset file missing: " + p);
        return p;
    }

    public static Path lfwImages() { return path("lfw/images"); }
}
