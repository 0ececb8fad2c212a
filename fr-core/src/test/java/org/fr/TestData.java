package org.fr;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests find the shared datasets: env {@code FR_DATA}, else env {@code FR_DATA_DEFAULT} (set by the root
 * pom's surefire configuration to {@code ../shared/datasets}), else {@code ../shared/datasets} next to the
 * repository root. Fails with a clear message when none exists (CI always has the data).
 */
public final class TestData {
    private TestData() {}

    public static Path root() {
        for (String var : new String[] {"FR_DATA", "FR_DATA_DEFAULT"}) {
            String v = System.getenv(var);
            if (v != null && !v.isBlank() && Files.isDirectory(Path.of(v))) return Path.of(v);
        }
        Path repo = repoRoot();
        if (repo != null) {
            Path fallback = repo.resolve("../shared/datasets").normalize();
            if (Files.isDirectory(fallback)) return fallback;
        }
        throw new IllegalStateException("the shared datasets were not found: set FR_DATA to the datasets folder "
                + "(see ../shared/README.md); FR_DATA='" + System.getenv("FR_DATA") + "', repository root " + repo);
    }

    /** A file under the datasets root, which must exist. */
    public static Path file(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) throw new IllegalStateException("dataset file missing: " + p);
        return p;
    }

    public static RgbImage image(String relative) {
        return ImageDecoder.read(file(relative));
    }

    /** The nearest directory at or above the working directory holding the root pom (it has an fr-core module). */
    private static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("fr-core"))) return p;
        }
        return null;
    }
}
