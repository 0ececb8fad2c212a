package org.fr;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests find the shared datasets: {@code FR_DATA}, else {@code FR_DATA_DEFAULT} (set by the build to
 * {@code ../shared/datasets}). Fails with a clear message when neither exists.
 */
public final class TestData {
    private TestData() {}

    public static Path root() {
        for (String var : new String[] {"FR_DATA", "FR_DATA_DEFAULT"}) {
            String v = System.getenv(var);
            if (v != null && !v.isBlank() && Files.isDirectory(Path.of(v))) return Path.of(v);
        }
        Path fallback = Path.of("../shared/datasets");
        if (Files.isDirectory(fallback)) return fallback;
        throw new IllegalStateException("the shared datasets were not found: set FR_DATA to the datasets folder "
                + "(see ../shared/README.md); CI always has them");
    }
}
