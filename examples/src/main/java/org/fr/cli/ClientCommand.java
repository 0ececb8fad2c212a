package org.fr.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.fr.FrException;
import org.fr.client.FrClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fr client --server HOST:PORT [--token-file F] [--tls-ca PEM] SUBCOMMAND ARGS...}: the local commands
 * {@code detect}, {@code embed}, {@code verify}, {@code identify} and {@code enroll} run by an {@code fr serve}
 * server, with the same arguments (minus {@code --db} and the model options: the server holds the gallery and the
 * models) and the same JSON lines. A server's refusal of bad input (INVALID_ARGUMENT, RESOURCE_EXHAUSTED for an image
 * over its limits, NOT_FOUND) exits 2; an unreachable server or a refused token exits 1.
 */
@Command(name = "client", description = "Run detect, embed, verify, identify or enroll on an 'fr serve' server.",
        subcommands = {ClientCommands.Detect.class, ClientCommands.Embed.class, ClientCommands.Verify.class,
                ClientCommands.Identify.class, ClientCommands.Enroll.class})
final class ClientCommand implements Callable<Integer> {
    @Option(names = "--server", required = true, paramLabel = "HOST:PORT", description = "The server's address.")
    String server;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Send the bearer token in FILE's first line.")
    Path tokenFile;

    @Option(names = "--tls-ca", paramLabel = "PEM", description = "Connect with TLS, trusting the certificate(s) in PEM.")
    Path tlsCa;

    @Option(names = "--deadline-seconds", paramLabel = "S", defaultValue = "60", description = "Deadline of each call (default: ${DEFAULT-VALUE}).")
    long deadlineSeconds;

    @Override
    public Integer call() {
        CommandLine.usage(this, System.err);
        return ExitCodes.BAD_INPUT;
    }

    FrClient connect() {
        if (deadlineSeconds < 1) throw new IllegalArgumentException("--deadline-seconds must be at least 1: " + deadlineSeconds);
        FrClient.Builder b = FrClient.builder(server).deadline(Duration.ofSeconds(deadlineSeconds));
        if (tokenFile != null) b.tokenFile(tokenFile);
        if (tlsCa != null) b.tls(tlsCa);
        return b.build();
    }

    /**
     * A server's status as the exception the command line reports: bad input (exit 2) for statuses about the request,
     * a failure (exit 1) otherwise; the message names the server and the status.
     */
    RuntimeException translate(StatusRuntimeException e) {
        Status s = e.getStatus();
        String m = s.getDescription() == null ? s.getCode().name() : s.getDescription();
        return switch (s.getCode()) {
            case INVALID_ARGUMENT, NOT_FOUND, RESOURCE_EXHAUSTED, OUT_OF_RANGE -> new IllegalArgumentException(m, e);
            default -> new FrException("server " + server + ": " + s.getCode() + (s.getDescription() == null ? "" : ": " + m), e);
        };
    }
}
