package org.fr.client;

import java.util.Objects;

import org.fr.DetectedFace;
import org.fr.Identification;

/**
 * One face and who the server says it is.
 *
 * @param face           the face in the image; null for an embedding or crop probe
 * @param identification the ranked candidates and the open-set decision
 */
public record IdentifiedFace(DetectedFace face, Identification identification) {
    public IdentifiedFace {
        Objects.requireNonNull(identification, "identification");
    }
}
