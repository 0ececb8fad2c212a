/**
 * Model files of the SDK: the manifest of pinned, bundled models ({@link org.fr.models.ModelRegistry},
 * {@link org.fr.models.ModelInfo}) and verified model bytes ({@link org.fr.models.ModelSource}). Every type here
 * is immutable and thread-safe.
 */
package org.fr.models;
