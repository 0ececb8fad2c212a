package org.fr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, acceptance 1, with the shipped {@code hog} model through {@code fr eval-detect} at the 40 px setting:
 * measured 41 of 43 dlib boxes at IoU >= 0.3 (4 false boxes) and no box on any of the 29 face-free photos.
 */
class HogEvalCliTest {
    @Test
    void hogMeetsTheDlibAndNegativesTargets() throws Exception {
        JsonNode d = EvalDetectCliTest.summary(CliTest.run("eval-detect", "--detector", "hog", "--detector-option", "min-face=40",
                "--detector-option", "landmarks=false", "--set", "dlib", "--data", EvalDetectCliTest.dlib().toString()), "dlib");
        assertThat(Math.round(d.get("recall_iou30").asDouble() * d.get("faces").asInt())).isGreaterThanOrEqualTo(41);
        assertThat(d.get("detector").asText()).isEqualTo("hog");
        JsonNode n = EvalDetectCliTest.summary(CliTest.run("eval-detect", "--detector", "hog", "--detector-option", "min-face=40",
                "--detector-option", "landmarks=false", "--set", "negatives", "--data", EvalDetectCliTest.negatives().toString()), "negatives");
        assertThat(n.get("images_with_detections").asInt()).isLessThanOrEqualTo(1);
    }
}
