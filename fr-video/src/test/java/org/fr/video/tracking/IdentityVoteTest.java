package org.fr.video.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentityVoteTest {
    @Test
    void oneBadFrameDoesNotFlipTheName() {
        IdentityVote v = new IdentityVote(15);
        v.add("ann", 0.6f);
        v.add("ann", 0.7f);
        v.add("bob", 0.4f);
        assertThat(v.identity()).isEqualTo("ann");
        assertThat(v.similarity()).isCloseTo(0.65f, org.assertj.core.data.Offset.offset(1e-6f));
        v.add(null, 0.1f);
        assertThat(v.identity()).isEqualTo("ann");
    }

    @Test
    void aTieGoesToTheLatestVoteAndUnknownCanWin() {
        IdentityVote v = new IdentityVote(15);
        assertThat(v.identity()).isNull();
        assertThat(v.similarity()).isNull();
        v.add("ann", 0.5f);
        v.add(null, 0.2f);
        assertThat(v.identity()).isNull();
        assertThat(v.similarity()).isEqualTo(0.2f);
        v.add(null, 0.1f);
        v.add("ann", 0.5f);
        v.add("ann", 0.5f);
        assertThat(v.identity()).isEqualTo("ann");
    }

    @Test
    void onlyTheWindowCounts() {
        IdentityVote v = new IdentityVote(3);
        v.add("ann", 0.5f);
        v.add("ann", 0.5f);
        v.add("bob", 0.5f);
        v.add("bob", 0.5f);
        assertThat(v.count()).isEqualTo(3);
        assertThat(v.identity()).isEqualTo("bob");
        assertThatThrownBy(() -> new IdentityVote(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyGalleryGivesNoSimilarity() {
        IdentityVote v = new IdentityVote(5);
        v.add(null, null);
        assertThat(v.identity()).isNull();
        assertThat(v.similarity()).isNull();
    }
}
