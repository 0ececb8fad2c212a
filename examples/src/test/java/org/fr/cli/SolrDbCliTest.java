package org.fr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.fr.TestData;
import org.junit.jupiter.api.Test;

/**
 * {@code --db solr://...} is told apart from a file and a malformed address is bad input before any model loads, in
 * every command that takes {@code --db}. (Serving and reading a real cluster: {@link SolrServeAndVideoCliTest}.)
 */
class SolrDbCliTest {
    private static String photo() {
        return TestData.root().resolve("people/photos/adams.jpg").toString();
    }

    @Test
    void enrollRejectsAnAddressWithoutCollection() {
        CliTest.Run r = CliTest.run("enroll", "--db", "solr://127.0.0.1:2181/solr", "--name", "adams", photo());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no ?collection=NAME").contains("solr://127.0.0.1:2181/solr");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void identifyRejectsAHostWithoutPort() {
        CliTest.Run r = CliTest.run("identify", "--db", "solr://zkhost/solr?collection=faces", photo());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("bad ZooKeeper host 'zkhost'");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void serveAndVideoRejectAMalformedAddress() {
        for (String command : new String[] {"serve", "video"}) {
            CliTest.Run r = command.equals("serve")
                    ? CliTest.run("serve", "--port", "0", "--db", "solr://zkhost/solr?collection=faces")
                    : CliTest.run("video", "--db", "solr://zkhost/solr?collection=faces", "clip.mp4");
            assertThat(r.code()).as(command).isEqualTo(2);
            assertThat(r.err()).as(command).contains("bad ZooKeeper host 'zkhost'");
            assertThat(r.out()).as(command).isEmpty();
        }
    }
}
