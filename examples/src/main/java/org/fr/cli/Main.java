package org.fr.cli;

import java.util.concurrent.Callable;

import org.fr.FrException;
import org.fr.InvalidImageException;
import org.fr.NoFaceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fr} command: one JSON object per line on stdout, errors on stderr (one line each), exit code 0 ok,
 * 2 bad input, 1 other failure.
 */
@Command(name = "fr", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "fr 0.1.0",
        description = "Face detection and recognition from the shell.",
        subcommands = {DetectCommand.class, VerifyCommand.class, EmbedCommand.class, EvalLfwCommand.class, EvalDetectCommand.class, ListCommand.class, AnalyzeCommand.class,
                EnrollCommand.class, IdentifyCommand.class, GalleryCommand.class,
                CalibrateCommand.class, EvalIdentifyCommand.class, HeatmapCommand.class,
                TrainGenderProbeCommand.class, TrainHogCommand.class, LfwOneFaceCommand.class, VideoCommand.class, ServeCommand.class, ClientCommand.class})
public final class Main implements Callable<Integer> {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("fr " + cmd.getCommandName() + ": " + oneLine(ex));
            return exitCode(ex);
        });
        cl.setParameterExceptionHandler((ex, args2) -> {
            ex.getCommandLine().getErr().println("fr: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try 'fr " + ex.getCommandLine().getCommandName() + " --help'.");
            return ExitCodes.BAD_INPUT;
        });
        return cl.execute(args);
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof InvalidImageException || ex instanceof NoFaceException || ex instanceof IllegalArgumentException
                || ex instanceof java.nio.file.NoSuchFileException) {
            return ExitCodes.BAD_INPUT;
        }
        return ExitCodes.FAILURE;
    }

    static String oneLine(Throwable ex) {
        String m = ex instanceof FrException || ex instanceof IllegalArgumentException ? ex.getMessage() : ex.toString();
        if (m == null) m = ex.getClass().getSimpleName();
        return m.replace('\n', ' ');
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.err);
        return ExitCodes.BAD_INPUT;
    }
}
