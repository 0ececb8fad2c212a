package org.fr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.fr.Landmarks;
import org.junit.jupiter.api.Test;

/** {@link TrainHogCommand#yawOf}: the nose's offset from the eyes' midpoint in interocular distances. */
class TrainHogYawTest {
    @Test
    void noseOffsetInInterocularDistances() {
        // eyes 20 px apart at y 50, nose 5 px right of their midpoint: 0.25
        assertThat(TrainHogCommand.yawOf(Landmarks.of(40, 50, 60, 50, 55, 62, 44, 70, 58, 70))).isCloseTo(0.25, within(1e-6));
        // mirrored: -0.25; centred: 0
        assertThat(TrainHogCommand.yawOf(Landmarks.of(140, 50, 160, 50, 145, 62, 142, 70, 156, 70))).isCloseTo(-0.25, within(1e-6));
        assertThat(TrainHogCommand.yawOf(Landmarks.of(40, 50, 60, 50, 50, 62, 44, 70, 58, 70))).isCloseTo(0, within(1e-6));
        // tilted eye line: the distance is the full interocular distance (20 sqrt 2)
        assertThat(TrainHogCommand.yawOf(Landmarks.of(40, 40, 60, 60, 60, 55, 44, 70, 58, 70))).isCloseTo(10 / (20 * Math.sqrt(2)), within(1e-6));
        assertThat(TrainHogCommand.yawOf(Landmarks.of(40, 50, 40, 50, 45, 62, 44, 70, 58, 70))).isNaN();
    }
}
