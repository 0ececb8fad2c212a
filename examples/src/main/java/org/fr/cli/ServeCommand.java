package org.fr.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import org.fr.ImageLimits;
import org.fr.server.FrServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fr serve --port P --db FILE|solr://... [--detector ...] [--embedder ...]}: the recognition service over gRPC
 * (the fr.v1 protocol, health and reflection) until SIGTERM or Ctrl-C, which shut it down gracefully: calls in
 * progress finish and a gallery file is saved. With a {@code solr://} address every enrolment is durable in the
 * SolrCloud collection when acknowledged, and several servers can share the collection. Logs one JSON line per call on stdout,
 * {@code {"time":T,"method":M,"status":S,"ms":L,"in":N,"out":N,"peer":A}}, after a first
 * {@code {"event":"listening","port":P,...}} line. See docs/grpc.md.
 */
@Command(name = "serve", description = "Serve detection, recognition and the gallery over gRPC (fr.v1).")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ModelOptions models;

    @Option(names = "--port", paramLabel = "P", defaultValue = "50051", description = "Port (default: ${DEFAULT-VALUE}; 0: any free one).")
    int port;

    @Option(names = "--db", required = true, paramLabel = GalleryDb.LABEL,
            description = "The gallery file (.json: JSON, else binary; enrolments go to FILE.journal first), or a SolrCloud "
                    + "collection that several servers can share; created if missing.")
    String db;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--max-calls", paramLabel = "N", defaultValue = "256", description = "Calls in progress at most; more are refused with RESOURCE_EXHAUSTED (default: ${DEFAULT-VALUE}).")
    int maxCalls;

    @Option(names = "--max-message-mb", paramLabel = "MB", defaultValue = "16", description = "Largest request message (default: ${DEFAULT-VALUE} MiB).")
    int maxMessageMb;

    @Option(names = "--max-image-side", paramLabel = "PX", defaultValue = "8192", description = "Largest image width or height (default: ${DEFAULT-VALUE}).")
    int maxImageSide;

    @Option(names = "--max-image-megapixels", paramLabel = "MP", defaultValue = "40", description = "Largest image area in millions of pixels (default: ${DEFAULT-VALUE}).")
    double maxImageMegapixels;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Serve TLS with this certificate chain (needs --tls-key).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The PKCS#8 private key of --tls-cert.")
    Path tlsKey;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Require 'authorization: Bearer <token>' (the file's first line) on every call but health checks.")
    Path tokenFile;

    @Option(names = "--checkpoint-seconds", paramLabel = "S", defaultValue = "60", description = "Fold the enrolment journal into the gallery file this often (default: ${DEFAULT-VALUE}).")
    long checkpointSeconds;

    @Option(names = "--grace-seconds", paramLabel = "S", defaultValue = "30", description = "At shutdown, wait this long for calls in progress (default: ${DEFAULT-VALUE}).")
    long graceSeconds;

    @Override
    public Integer call() throws Exception {
        FrServer server = server(new JsonLines(System.out)::writeRaw).start();
        Thread stopper = new Thread(server::close, "fr-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        server.awaitTermination();
        return ExitCodes.OK;
    }

    /** The server the options describe, logging to {@code log}, not started yet (bad options are refused here). */
    FrServer.Builder server(Consumer<String> log) {
        if ((tlsCert == null) != (tlsKey == null)) throw new IllegalArgumentException("give both --tls-cert and --tls-key, or neither");
        if (maxImageSide < 16) throw new IllegalArgumentException("--max-image-side must be at least 16: " + maxImageSide);
        if (!(maxImageMegapixels > 0)) throw new IllegalArgumentException("--max-image-megapixels must be positive: " + maxImageMegapixels);
        if (maxMessageMb < 1 || maxMessageMb > 1024) throw new IllegalArgumentException("--max-message-mb must lie in [1, 1024]: " + maxMessageMb);
        if (checkpointSeconds < 1) throw new IllegalArgumentException("--checkpoint-seconds must be at least 1: " + checkpointSeconds);
        if (graceSeconds < 0) throw new IllegalArgumentException("--grace-seconds must not be negative: " + graceSeconds);
        GalleryDb gallery = GalleryDb.parse(db);
        FrServer.Builder b = FrServer.builder().port(port).recognizer(models.builder()).threads(threads)
                .maxCalls(maxCalls).maxMessageBytes(maxMessageMb << 20)
                .imageLimits(ImageLimits.DEFAULT.withMaxSize(maxImageSide, maxImageSide, (long) (maxImageMegapixels * 1e6)))
                .checkpointInterval(Duration.ofSeconds(checkpointSeconds)).grace(Duration.ofSeconds(graceSeconds))
                .log(log);
        if (gallery.isSolr()) {
            b.gallery(gallery.toString(), gallery::openSolr);
        } else {
            b.db(gallery.file());
        }
        if (tlsCert != null) b.tls(tlsCert, tlsKey);
        if (tokenFile != null) b.tokenFile(tokenFile);
        return b;
    }
}
