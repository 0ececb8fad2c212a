package org.fr.analyze;

import java.util.Map;
import java.util.Optional;

/**
 * What a {@link FaceAnalyzer} found about one face. A component is {@code null} when its analysis was not
 * selected; the {@code ...IfPresent()} methods give the same values as {@link Optional}s. Immutable and
 * thread-safe.
 *
 * @param age                     apparent age in years
 * @param gender                  {@code "male"} or {@code "female"}
 * @param genderScore             confidence of {@code gender} in [0.5, 1]: the network's male score for
 *                                {@code "male"}, one minus it for {@code "female"}
 * @param expression              the most probable expression label (see {@link FaceAnalyzer#EXPRESSION_LABELS})
 * @param expressionProbabilities softmax probability of each label, in label order; they sum to 1
 * @param pose                    yaw, pitch and roll in degrees
 * @param liveness                the liveness network's score in [0, 1] (higher: more likely a live face). Not a
 *                                certified presentation-attack detector.
 */
public record FaceAttributes(Float age, String gender, Float genderScore, String expression,
                             Map<String, Float> expressionProbabilities, HeadPose pose, Float liveness) {
    public FaceAttributes {
        if (expressionProbabilities != null) {
            expressionProbabilities = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(expressionProbabilities));
        }
    }

    public Optional<Float> ageIfPresent() { return Optional.ofNullable(age); }

    public Optional<String> genderIfPresent() { return Optional.ofNullable(gender); }

    public Optional<Float> genderScoreIfPresent() { return Optional.ofNullable(genderScore); }

    public Optional<String> expressionIfPresent() { return Optional.ofNullable(expression); }

    public Optional<Map<String, Float>> expressionProbabilitiesIfPresent() { return Optional.ofNullable(expressionProbabilities); }

    public Optional<HeadPose> poseIfPresent() { return Optional.ofNullable(pose); }

    public Optional<Float> livenessIfPresent() { return Optional.ofNullable(liveness); }
}
