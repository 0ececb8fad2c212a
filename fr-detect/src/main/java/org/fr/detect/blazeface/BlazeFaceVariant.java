package org.fr.detect.blazeface;

import java.util.Locale;

/**
 * The two BlazeFace networks. Both have the same 896 anchors (a 16x16 grid with 2 anchors per cell, then an 8x8
 * grid with 6) and the same outputs; they differ in input size and in the face sizes they were trained on.
 */
public enum BlazeFaceVariant {
    /** The short-range "front camera" model, 128x128 input: selfie-range faces that fill much of the frame. */
    FRONT("front", 128, "blazeface/front_128"),
    /** The "back camera" model, 256x256 input: smaller faces further from the camera. */
    BACK("back", 256, "blazeface/back_256");

    private final String optionValue;
    private final int inputSize;
    private final String modelId;

    BlazeFaceVariant(String optionValue, int inputSize, String modelId) {
        this.optionValue = optionValue;
        this.inputSize = inputSize;
        this.modelId = modelId;
    }

    /** The value of the {@code variant} option that selects this network. */
    public String optionValue() { return optionValue; }

    /** Width and height of the network's square input, in pixels. */
    public int inputSize() { return inputSize; }

    /** The id of the bundled model in {@code fr-models}. */
    public String modelId() { return modelId; }

    /**
     * The variant named by an option value ({@code front} or {@code back}, case-insensitive).
     *
     * @throws IllegalArgumentException naming the option and the accepted values otherwise
     */
    public static BlazeFaceVariant parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (BlazeFaceVariant variant : values()) {
            if (variant.optionValue.equals(v)) return variant;
        }
        throw new IllegalArgumentException("option " + BlazeFaceProvider.VARIANT + " must be 'front' or 'back', got '"
                + value + "'");
    }
}
