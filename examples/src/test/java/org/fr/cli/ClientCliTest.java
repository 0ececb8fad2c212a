package org.fr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fr.TestData;
import org.fr.server.FrServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code fr client ...} against an in-process server prints the lines of the local commands. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientCliTest {
    @TempDir
    static Path dir;

    FrServer server;
    String address;

    @BeforeAll
    void start() throws Exception {
        Files.writeString(dir.resolve("token"), "letmein\n");
        server = FrServer.builder().port(0).db(dir.resolve("served.json")).threads(2).tokenFile(dir.resolve("token"))
                .log(l -> { }).start();
        address = "localhost:" + server.port();
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    private static String photo(String name) {
        return TestData.root().resolve("people/photos").resolve(name).toString();
    }

    private CliTest.Run client(String... args) {
        List<String> all = new ArrayList<>(List.of("client", "--server", address, "--token-file", dir.resolve("token").toString()));
        all.addAll(List.of(args));
        return CliTest.run(all.toArray(String[]::new));
    }

    @Test
    void detectEmbedAndVerifyPrintTheLocalLines() throws Exception {
        String multi = photo("longoria-cooper.jpg");
        CliTest.Run remote = client("detect", multi), local = CliTest.run("detect", multi);
        assertThat(remote.code()).as(remote.err()).isZero();
        ObjectNode r = (ObjectNode) remote.lines().get(0), l = (ObjectNode) local.lines().get(0);
        r.remove("ms");
        l.remove("ms");
        assertThat(r).isEqualTo(l);

        remote = client("embed", multi);
        local = CliTest.run("embed", multi);
        assertThat(remote.code()).as(remote.err()).isZero();
        JsonNode re = remote.lines().get(0), le = local.lines().get(0);
        assertThat(re.get("model")).isEqualTo(le.get("model"));
        assertThat(re.get("faces")).hasSize(le.get("faces").size());
        for (int f = 0; f < le.get("faces").size(); f++) {
            assertThat(re.get("faces").get(f).get("box")).isEqualTo(le.get("faces").get(f).get("box"));
            JsonNode rv = re.get("faces").get(f).get("embedding"), lv = le.get("faces").get(f).get("embedding");
            assertThat(rv).hasSize(lv.size());
            for (int i = 0; i < lv.size(); i++) assertThat(rv.get(i).asDouble()).isCloseTo(lv.get(i).asDouble(), within(1e-5));
        }

        remote = client("verify", photo("lennon-1.jpg"), photo("lennon-2.jpg"));
        local = CliTest.run("verify", photo("lennon-1.jpg"), photo("lennon-2.jpg"));
        assertThat(remote.code()).as(remote.err()).isZero();
        assertThat(remote.lines().get(0).get("same").asBoolean()).isTrue();
        assertThat(remote.lines().get(0).get("similarity").asDouble()).isCloseTo(local.lines().get(0).get("similarity").asDouble(), within(2e-4));
        assertThat(remote.lines().get(0).get("image_a")).isEqualTo(local.lines().get(0).get("image_a"));
    }

    @Test
    void enrollAndIdentifyPrintTheLocalLines() throws Exception {
        String[] images = {photo("lennon-1.jpg"), photo("lennon-2.jpg"), photo("longoria-cooper.jpg")};
        Path localDb = dir.resolve("local.json");
        CliTest.Run remote = client("enroll", "--name", "lennon", images[0], images[1], images[2]);
        CliTest.Run local = CliTest.run("enroll", "--db", localDb.toString(), "--name", "lennon", images[0], images[1], images[2]);
        assertThat(remote.code()).as(remote.err()).isZero();
        assertThat(remote.lines()).hasSize(local.lines().size()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            ObjectNode r = (ObjectNode) remote.lines().get(i), l = (ObjectNode) local.lines().get(i);
            if (r.has("db")) {
                assertThat(r.get("db").asText()).isEqualTo(address);
                r.remove("db");
                l.remove("db");
            }
            assertThat(r).as("line %d", i).isEqualTo(l);
        }
        assertThat(CliTest.run("enroll", "--db", localDb.toString(), "--name", "clapton", photo("clapton-1.jpg")).code()).isZero();
        assertThat(client("enroll", "--name", "clapton", photo("clapton-1.jpg")).code()).isZero();

        remote = client("identify", photo("lennon-2.jpg"), photo("clapton-2.jpg"), TestData.file("negatives/brick.png").toString());
        local = CliTest.run("identify", "--db", localDb.toString(), photo("lennon-2.jpg"), photo("clapton-2.jpg"),
                TestData.file("negatives/brick.png").toString());
        assertThat(remote.code()).as(remote.err()).isZero();
        assertThat(remote.lines()).hasSize(local.lines().size()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode r = remote.lines().get(i), l = local.lines().get(i);
            assertThat(r.get("image")).isEqualTo(l.get("image"));
            assertThat(r.get("identity")).isEqualTo(l.get("identity"));
            assertThat(r.get("faces")).isEqualTo(l.get("faces"));
            if (l.has("similarity")) assertThat(r.get("similarity").asDouble()).isCloseTo(l.get("similarity").asDouble(), within(2e-4));
        }
        assertThat(remote.lines().get(0).get("identity").asText()).isEqualTo("lennon");
        assertThat(remote.lines().get(1).get("identity").asText()).isEqualTo("clapton");
    }

    @Test
    void badInputAndAWrongTokenGiveTheExitCodes() throws Exception {
        CliTest.Run missing = client("detect", dir.resolve("nope.jpg").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err()).contains("nope.jpg: no such file");
        Path junk = Files.writeString(dir.resolve("junk.jpg"), "not a picture");
        CliTest.Run bad = client("detect", junk.toString());
        assertThat(bad.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bad.err()).contains("junk.jpg").hasLineCount(1);
        Path wrong = Files.writeString(dir.resolve("wrong"), "guess\n");
        CliTest.Run refused = CliTest.run("client", "--server", address, "--token-file", wrong.toString(), "detect", photo("adams.jpg"));
        assertThat(refused.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(refused.err()).contains("UNAUTHENTICATED: wrong bearer token");
    }
}
