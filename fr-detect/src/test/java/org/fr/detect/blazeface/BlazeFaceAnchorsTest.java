package org.fr.detect.blazeface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BlazeFaceAnchorsTest {
    private static final float EPS = 1e-6f;

    @Test
    void anchorTableHasBothLayers() {
        assertThat(BlazeFaceAnchors.COUNT).isEqualTo(896);
        assertThat(BlazeFaceAnchors.LAYER1_COUNT).isEqualTo(512);
        assertThat(BlazeFaceAnchors.LAYER2_COUNT).isEqualTo(384);
    }

    /** Centres worked out by hand: index -> layer, cell (x, y) -> ((x + 0.5) / cells, (y + 0.5) / cells). */
    @Test
    void anchorCentresMatchHandComputation() {
        // layer 1, 16x16 cells, 2 anchors per cell
        assertCentre(0, 0.5f / 16, 0.5f / 16);      // cell (0,0), anchor 0
        assertCentre(1, 0.5f / 16, 0.5f / 16);      // cell (0,0), anchor 1
        assertCentre(2, 1.5f / 16, 0.5f / 16);      // cell 1 = (1,0)
        assertCentre(31, 15.5f / 16, 0.5f / 16);    // cell 15 = (15,0), anchor 1
        assertCentre(33, 0.5f / 16, 1.5f / 16);     // cell 16 = (0,1), anchor 1
        assertCentre(101, 2.5f / 16, 3.5f / 16);    // cell 50 = (2,3), anchor 1
        assertCentre(511, 15.5f / 16, 15.5f / 16);  // cell 255 = (15,15)
        // layer 2, 8x8 cells, 6 anchors per cell, starting at 512
        assertCentre(512, 0.5f / 8, 0.5f / 8);      // cell (0,0), anchor 0
        assertCentre(517, 0.5f / 8, 0.5f / 8);      // cell (0,0), anchor 5
        assertCentre(518, 1.5f / 8, 0.5f / 8);      // cell 1 = (1,0)
        assertCentre(512 + 6 * 9 + 3, 1.5f / 8, 1.5f / 8);   // cell 9 = (1,1)
        assertCentre(512 + 6 * 30 + 4, 6.5f / 8, 3.5f / 8);  // cell 30 = (6,3)
        assertCentre(895, 7.5f / 8, 7.5f / 8);      // cell 63 = (7,7), anchor 5
    }

    @Test
    void decodeAddsPixelOffsetsToAnchorWithoutFlip() {
        int size = 128;
        float[] reg = new float[3 * 16];
        int offset = 16; // decode from the middle of a larger array
        float[] r = {6.4f, -12.8f, 32f, 64f, -3.2f, 1.6f, 3.2f, 1.6f, 0f, 9.6f, 0f, 19.2f, -25.6f, 0f, 25.6f, 6.4f};
        System.arraycopy(r, 0, reg, offset, 16);
        int index = 512 + 6 * 30 + 4; // anchor (6.5/8, 3.5/8) = (0.8125, 0.4375)
        float[] g = BlazeFaceAnchors.decode(index, reg, offset, size);
        assertThat(g[0]).isCloseTo(0.8125f + 0.05f, within(EPS));
        assertThat(g[1]).isCloseTo(0.4375f - 0.1f, within(EPS)); // negative dy moves up: no VFlip
        assertThat(g[2]).isCloseTo(0.25f, within(EPS));
        assertThat(g[3]).isCloseTo(0.5f, within(EPS));
        assertThat(g[4]).isCloseTo(0.8125f - 0.025f, within(EPS));
        assertThat(g[5]).isCloseTo(0.4375f + 0.0125f, within(EPS));
        assertThat(g[6]).isCloseTo(0.8125f + 0.025f, within(EPS));
        assertThat(g[9]).isCloseTo(0.4375f + 0.075f, within(EPS));
        assertThat(g[11]).isCloseTo(0.4375f + 0.15f, within(EPS));
        assertThat(g[12]).isCloseTo(0.8125f - 0.2f, within(EPS));
        assertThat(g[14]).isCloseTo(0.8125f + 0.2f, within(EPS));
        assertThat(g[15]).isCloseTo(0.4375f + 0.05f, within(EPS));
        // the same regression on a 256 input moves half as far
        float[] g256 = BlazeFaceAnchors.decode(index, reg, offset, 256);
        assertThat(g256[0]).isCloseTo(0.8125f + 0.025f, within(EPS));
        assertThat(g256[2]).isCloseTo(0.125f, within(EPS));
    }

    @Test
    void sigmoidOfLogits() {
        assertThat(BlazeFaceAnchors.sigmoid(0f)).isCloseTo(0.5f, within(EPS));
        assertThat(BlazeFaceAnchors.sigmoid((float) Math.log(3))).isCloseTo(0.75f, within(EPS));
        assertThat(BlazeFaceAnchors.sigmoid(-1000f)).isEqualTo(0f);
        assertThat(BlazeFaceAnchors.sigmoid(1000f)).isEqualTo(1f);
    }

    private static void assertCentre(int index, float x, float y) {
        assertThat(BlazeFaceAnchors.centreX(index)).as("x of anchor %d", index).isCloseTo(x, within(EPS));
        assertThat(BlazeFaceAnchors.centreY(index)).as("y of anchor %d", index).isCloseTo(y, within(EPS));
    }
}
