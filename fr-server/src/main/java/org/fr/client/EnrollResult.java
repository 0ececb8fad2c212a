package org.fr.client;

import org.fr.DetectedFace;

/**
 * The server's acknowledgement of one {@link Enrollment}, sent once the enrolment is durable.
 *
 * @param identity   the identity
 * @param enrolled   whether a face was added
 * @param problem    why not (or a note such as "2 faces; took the largest"); empty when there was none
 * @param embeddings the identity's embeddings in all afterwards
 * @param face       the enrolled face of an image source; null otherwise
 */
public record EnrollResult(String identity, boolean enrolled, String problem, int embeddings, DetectedFace face) {}
