package org.fr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** {@link PeopleSplit}: parsing, which indices each split selects, and which splits stay within the even people. */
class PeopleSplitTest {
    @Test
    void oddEvenAndRemainderModulus() {
        assertThat(PeopleSplit.parse("--people", "odd")).isEqualTo(PeopleSplit.ODD);
        assertThat(PeopleSplit.parse("--people", "even")).isEqualTo(new PeopleSplit(0, 2));
        PeopleSplit a = PeopleSplit.parse("--people", "0/4"), b = PeopleSplit.parse("--people", " 2 / 4");
        assertThat(IntStream.range(0, 12).filter(a::selects).toArray()).containsExactly(0, 4, 8);
        assertThat(IntStream.range(0, 12).filter(b::selects).toArray()).containsExactly(2, 6, 10);
        // the two halves of the even people are disjoint and together are the even people
        assertThat(IntStream.range(0, 100).allMatch(i -> (a.selects(i) || b.selects(i)) == PeopleSplit.EVEN.selects(i) && !(a.selects(i) && b.selects(i)))).isTrue();
        assertThat(a.withinEven()).isTrue();
        assertThat(PeopleSplit.EVEN.withinEven()).isTrue();
        assertThat(PeopleSplit.ODD.withinEven()).isFalse();
        assertThat(new PeopleSplit(1, 4).withinEven()).isFalse();
        assertThat(new PeopleSplit(0, 3).withinEven()).isFalse();
    }

    @Test
    void badSplitsNameTheOption() {
        assertThatThrownBy(() -> PeopleSplit.parse("--people", "both")).hasMessageContaining("--people").hasMessageContaining("both");
        assertThatThrownBy(() -> PeopleSplit.parse("--people", "4/4")).hasMessageContaining("--people 4/4");
        assertThatThrownBy(() -> PeopleSplit.parse("--lfw-people", "x/2")).hasMessageContaining("--lfw-people");
        assertThatThrownBy(() -> PeopleSplit.parse("--people", "0/1")).hasMessageContaining("M >= 2");
    }
}
