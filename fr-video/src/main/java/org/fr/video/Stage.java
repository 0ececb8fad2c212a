package org.fr.video;

/** The timed steps of processing one frame, in pipeline order. */
public enum Stage {
    /** Reading and decoding the frame to RGB (the source's {@code next()}). */
    DECODE,
    /** Finding face boxes (with landmarks too, for detectors that give both in one pass). */
    DETECT,
    /** Five alignment landmarks of the faces about to be recognized, for detectors that find them in a second pass. */
    LANDMARKS,
    /** Warping each face to the 112x112 template. */
    ALIGN,
    /** The embedding network, all faces of the frame in one batch. */
    EMBED,
    /** Gallery search of each embedding. */
    SEARCH,
    /** Drawing boxes and names on the frame (only when an annotated frame is asked for). */
    DRAW,
    /** Everything for one frame, decode included. */
    FRAME,
    /**
     * A new face's recognition latency: from the start of decoding the frame on which a new track appeared to the
     * moment its first identity was decided (one sample per new track).
     */
    NEW_FACE;

    /** Lower-case name used in reports, e.g. {@code new_face}. */
    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
}
