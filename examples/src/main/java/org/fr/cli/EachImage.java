package org.fr.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs a command's work on each image in turn; a failing image prints one line on stderr and the others carry on.
 * The exit code is the worst seen (2 bad input, 1 other failure, 0 when all succeeded). Stateless.
 */
final class EachImage {
    /** The work for one image. */
    interface Work {
        void run(Path image);
    }

    private EachImage() {}

    static int run(String command, List<Path> images, Work work) {
        int code = ExitCodes.OK;
        for (Path p : images) {
            try {
                work.run(p);
            } catch (RuntimeException e) {
                System.err.println("fr " + command + ": " + Main.oneLine(e));
                code = Math.max(code, Main.exitCode(e));
            }
        }
        return code;
    }
}
