package org.fr.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.fr.FaceEmbedder;
import org.fr.Gallery;
import org.fr.GalleryIdentity;
import org.fr.gallery.FlatGallery;
import org.fr.gallery.GallerySnapshot;
import org.fr.gallery.io.GalleryFileException;
import org.fr.gallery.io.GalleryFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fr gallery list|remove|stats --db FILE}: look into and edit a gallery file (as written by
 * {@code fr enroll}) without running any model.
 *
 * <ul>
 *   <li>{@code list}: one line per identity, sorted by name:
 *       {@code {"identity":N,"embeddings":K,"metadata":{"source.0":P,...}}}</li>
 *   <li>{@code remove NAME...}: one line per name, {@code {"identity":N,"removed":true,"db":FILE}}; the file is
 *       saved atomically once all are removed. A name that is not enrolled is bad input (exit 2) and nothing is
 *       removed.</li>
 *   <li>{@code stats}: {@code {"db":FILE,"format":"json"|"binary","bytes":B,"model":M,"dimension":D,
 *       "threshold":T,"distance_threshold":D2,"scoring":"max"|"mean","identities":I,"embeddings":E}}, where
 *       {@code distance_threshold} is the threshold as a squared L2 distance between unit embeddings,
 *       {@code 2 - 2 T}.</li>
 * </ul>
 *
 * A missing, truncated or corrupt gallery file, or one of another model than expected, is bad input: exit 2 with
 * one line naming the file and the problem; the file is left as it was. Also home of the gallery-file helpers the
 * {@code enroll} and {@code identify} commands share.
 */
@Command(name = "gallery", description = "List, edit and describe a gallery file.",
        subcommands = {GalleryCommand.ListIdentities.class, GalleryCommand.Remove.class, GalleryCommand.Stats.class})
final class GalleryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return ExitCodes.BAD_INPUT;
    }

    /**
     * Runs a subcommand's body, reporting a failure as {@code fr gallery <sub>: <message>} (the top-level handler
     * would name only the subcommand) with the usual exit codes.
     */
    static int guarded(String sub, Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (RuntimeException | IOException e) {
            System.err.println("fr gallery " + sub + ": " + Main.oneLine(e));
            return Main.exitCode(e);
        }
    }

    // ---- helpers shared by enroll, identify and the gallery subcommands ----

    /**
     * Loads a gallery file that must exist.
     *
     * @throws IllegalArgumentException (bad input, exit 2) naming the file and the problem when it is missing or
     *                                  cannot be read as a gallery
     */
    static GallerySnapshot load(Path db) {
        if (!Files.exists(db)) throw new IllegalArgumentException(db + ": no such gallery file");
        if (Files.isDirectory(db)) throw new IllegalArgumentException(db + ": is a folder, not a gallery file");
        try {
            return GalleryFiles.load(db);
        } catch (GalleryFileException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Refuses a gallery whose embeddings another model made than the embedder in use.
     *
     * @throws IllegalArgumentException naming the file, both models and what to do
     */
    static void requireSameModel(GallerySnapshot s, Path db, FaceEmbedder embedder) {
        if (!s.modelId().equals(embedder.modelId()) || s.dimension() != embedder.dimension()) {
            throw new IllegalArgumentException(db + ": holds embeddings of model " + s.modelId() + " (dimension "
                    + s.dimension() + ") but the embedder makes " + embedder.modelId() + " (dimension "
                    + embedder.dimension() + "); use the embedder the gallery was built with, or another --db");
        }
    }

    /** Saves atomically (GalleryFiles writes a temporary file and moves it into place), creating the folder. */
    static void save(Gallery gallery, Path db) throws IOException {
        if (!(gallery instanceof FlatGallery flat)) throw new IllegalStateException("not a FlatGallery: " + gallery);
        Path parent = db.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        GalleryFiles.save(flat.snapshot(), db);
    }

    /**
     * The format of a gallery file as {@link GalleryFiles#load} sees it, from its content: {@code json} when it starts
     * with <code>{</code> (after whitespace or a byte order mark), else {@code binary}.
     */
    static String format(Path db) throws IOException {
        try (var in = Files.newInputStream(db)) {
            byte[] head = in.readNBytes(4096);
            for (int i = 0; i < head.length; i++) {
                int b = head[i] & 0xFF;
                if (i < 3 && (b == 0xEF || b == 0xBB || b == 0xBF)) continue;
                if (b == ' ' || b == '\t' || b == '\n' || b == '\r') continue;
                return b == '{' ? "json" : "binary";
            }
            return "binary";
        }
    }

    static Map<String, Object> identityLine(GalleryIdentity id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("identity", id.name());
        m.put("embeddings", id.embeddings().size());
        m.put("metadata", new TreeMap<>(id.metadata()));
        return m;
    }

    // ---- subcommands ----

    @Command(name = "list", description = "One JSON line per identity: name, number of embeddings, metadata.")
    static final class ListIdentities implements Callable<Integer> {
        @Option(names = "--db", required = true, paramLabel = "FILE", description = "The gallery file.")
        Path db;

        @Override
        public Integer call() throws Exception {
            return guarded("list", this::list);
        }

        private int list() {
            GallerySnapshot s = load(db);
            List<GalleryIdentity> ids = new ArrayList<>(s.identities());
            ids.sort((a, b) -> a.name().compareTo(b.name()));
            JsonLines out = new JsonLines(System.out);
            for (GalleryIdentity id : ids) out.write(identityLine(id));
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", description = "Remove identities and save the gallery file atomically.")
    static final class Remove implements Callable<Integer> {
        @Option(names = "--db", required = true, paramLabel = "FILE", description = "The gallery file.")
        Path db;

        @Parameters(paramLabel = "NAME", arity = "1..*", description = "Identities to remove.")
        List<String> names;

        @Override
        public Integer call() throws Exception {
            return guarded("remove", this::remove);
        }

        private int remove() throws IOException {
            try (FlatGallery g = FlatGallery.of(load(db))) {
                List<String> missing = names.stream().distinct().filter(n -> g.get(n).isEmpty()).toList();
                if (!missing.isEmpty()) {
                    throw new IllegalArgumentException(db + ": no identity " + String.join(", ", missing)
                            + "; nothing was removed");
                }
                List<String> removed = names.stream().distinct().filter(g::remove).toList();
                save(g, db);
                JsonLines out = new JsonLines(System.out);
                for (String n : removed) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("identity", n);
                    m.put("removed", true);
                    m.put("db", db.toString());
                    out.write(m);
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "stats", description = "The gallery's model, dimension, threshold, scoring, counts, file size and format.")
    static final class Stats implements Callable<Integer> {
        @Option(names = "--db", required = true, paramLabel = "FILE", description = "The gallery file.")
        Path db;

        @Override
        public Integer call() throws Exception {
            return guarded("stats", this::stats);
        }

        private int stats() throws IOException {
            GallerySnapshot s = load(db);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("db", db.toString());
            m.put("format", format(db));
            m.put("bytes", Files.size(db));
            m.put("model", s.modelId());
            m.put("dimension", s.dimension());
            m.put("threshold", JsonLines.round4(s.threshold()));
            m.put("distance_threshold", JsonLines.round4(2.0 - 2.0 * s.threshold()));
            m.put("scoring", s.scoring().name().toLowerCase(Locale.ROOT));
            m.put("identities", s.identities().size());
            m.put("embeddings", s.embeddingCount());
            new JsonLines(System.out).write(m);
            return ExitCodes.OK;
        }
    }
}
