package org.fr.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The child process of {@link KillDuringEnrolmentTest}: a server on a free port over the gallery file {@code args[0]},
 * folding its journal every {@code args[1]} ms, logging JSON lines (the first names the port) to stdout until killed.
 */
public final class ServerChild {
    private ServerChild() {}

    public static void main(String[] args) throws Exception {
        FrServer server = FrServer.builder().port(0).db(Path.of(args[0])).threads(2)
                .checkpointInterval(Duration.ofMillis(Long.parseLong(args[1])))
                .log(line -> {
                    System.out.println(line);
                    System.out.flush();
                }).start();
        server.awaitTermination();
    }
}
