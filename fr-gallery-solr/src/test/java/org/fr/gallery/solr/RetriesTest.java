package org.fr.gallery.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;
import org.junit.jupiter.api.Test;

/**
 * {@link Retries} and {@link SolrGallery#answered}: a response without a result list (what SolrCloud can give while
 * a shard's leader is lost) is retried like a transport failure and answered by the next attempt; a rejected request
 * (4xx) is not retried; a failure that outlasts the window names the call.
 */
class RetriesTest {
    private static QueryResponse response(boolean withResults) {
        NamedList<Object> body = new NamedList<>();
        if (withResults) body.add("response", new SolrDocumentList());
        QueryResponse r = new QueryResponse();
        r.setResponse(body);
        return r;
    }

    @Test
    void aResponseWithoutResultsIsRetriedUntilAnswered() {
        AtomicInteger calls = new AtomicInteger();
        QueryResponse r = new Retries(Duration.ofSeconds(10)).run("search",
                () -> SolrGallery.answered("search", response(calls.incrementAndGet() > 2)));
        assertThat(r.getResults()).isNotNull();
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void aMissingResultListNamesTheCall() {
        assertThatThrownBy(() -> SolrGallery.answered("count", response(false)))
                .isInstanceOf(SolrServerException.class).hasMessageContaining("count").hasMessageContaining("without a result list");
        assertThatThrownBy(() -> new Retries(Duration.ZERO).run("read", () -> SolrGallery.answered("read", response(false))))
                .isInstanceOf(SolrGalleryException.class).hasMessageContaining("read failed");
    }

    @Test
    void rejectedRequestsAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> new Retries(Duration.ofSeconds(10)).run("search", () -> {
            calls.incrementAndGet();
            throw new SolrException(SolrException.ErrorCode.BAD_REQUEST, "bad vector");
        })).isInstanceOf(SolrGalleryException.class).hasMessageContaining("bad vector");
        assertThat(calls.get()).isEqualTo(1);
    }
}
