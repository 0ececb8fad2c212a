package org.fr.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.fr.FrException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LfwPairsTest {
    @Test
    void parsesFoldsAndSubsets(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("pairs.txt");
        Files.writeString(f, "2\t2\nA\t1\t2\nB\t1\t3\nA\t1\tB\t2\nC\t1\tD\t1\n"
                + "E\t1\t2\nF\t2\t3\nE\t1\tF\t1\nG\t1\tH\t1\n");
        LfwPairs p = LfwPairs.read(f);
        assertThat(p.folds()).isEqualTo(2);
        assertThat(p.pairs()).hasSize(8);
        assertThat(p.pairs().get(0)).isEqualTo(new LfwPairs.Pair(0, "A", 1, "A", 2, true));
        assertThat(p.pairs().get(6)).isEqualTo(new LfwPairs.Pair(1, "E", 1, "F", 1, false));
        assertThat(p.pairs().get(6).pathB(Path.of("/r"))).isEqualTo(Path.of("/r/F/F_0001.jpg"));
        LfwPairs s = p.subset(1);
        assertThat(s.pairs()).extracting(LfwPairs.Pair::nameA).containsExactly("A", "A", "E", "E");
    }

    @Test
    void malformedLinesNameFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, "1\t1\nA\tx\t2\nA\t1\tB\t2\n");
        assertThatThrownBy(() -> LfwPairs.read(f)).isInstanceOf(FrException.class)
                .hasMessageContaining("bad.txt:2");
    }

    /** The real protocol file, when the shared data is present: 10 folds of 300 + 300. */
    @Test
    void readsTheSharedProtocol() {
        Path file = org.fr.TestData.root().resolve("lfw/pairs.txt");
        LfwPairs p = LfwPairs.read(file);
        assertThat(p.folds()).isEqualTo(10);
        assertThat(p.pairs()).hasSize(6000);
        assertThat(p.pairs().stream().filter(LfwPairs.Pair::same).count()).isEqualTo(3000);
    }
}
