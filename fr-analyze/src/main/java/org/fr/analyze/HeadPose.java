package org.fr.analyze;

/**
 * Head pose in degrees, as the pose network reports it: each angle is the expectation over 66 bins of 3 degrees
 * covering [-99, 99). Immutable and thread-safe.
 *
 * @param yaw   rotation about the vertical axis (turning the head left or right)
 * @param pitch rotation about the horizontal axis (nodding up or down)
 * @param roll  in-plane rotation (tilting the head towards a shoulder)
 */
public record HeadPose(float yaw, float pitch, float roll) {}
