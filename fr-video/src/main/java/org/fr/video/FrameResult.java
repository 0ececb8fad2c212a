package org.fr.video;

import java.util.List;

import org.fr.RgbImage;

/**
 * What a {@link FaceStream} made of one frame: the frame's index and timestamp, the faces in view, whether the
 * detector ran on it (else boxes are extrapolated), the processing time of this frame in milliseconds (decode
 * included), and the annotated picture when drawing was asked for (else null). Immutable and thread-safe.
 */
public record FrameResult(long frame, double timestampMs, List<TrackedFace> faces, boolean detected, double processingMs,
                          RgbImage annotated) {
    public FrameResult {
        faces = List.copyOf(faces);
    }
}
