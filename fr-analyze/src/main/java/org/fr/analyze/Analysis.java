package org.fr.analyze;

/** The analyses a {@link FaceAnalyzer} can run; each loads one network. */
public enum Analysis {
    /** Apparent age in years ({@code faceplugin/fr_age}, SSR-Net style). */
    AGE,
    /** Apparent gender, male or female ({@code faceplugin/fr_gender}, SSR-Net style). */
    GENDER,
    /** Facial expression, seven classes ({@code faceplugin/fr_expression}). */
    EXPRESSION,
    /** Head pose: yaw, pitch and roll in degrees ({@code faceplugin/fr_pose}, Hopenet style). */
    POSE,
    /** A liveness score in [0, 1] ({@code faceplugin/fr_liveness}); not a certified presentation-attack detector. */
    LIVENESS
}
