/**
 * Saving and loading galleries, safely: {@link org.fr.gallery.io.GalleryFiles} writes a
 * {@link org.fr.gallery.GallerySnapshot} as JSON ({@code .json}) or in the binary {@code FRG1} format (any other
 * extension, {@code .frg} recommended), atomically and durably (temp file, fsync, atomic rename, directory fsync), and
 * loads either format (sniffed from the content) with every field, count, length and checksum validated. Problems are
 * {@link org.fr.gallery.io.GalleryFileException}s with one-line messages that name the file.
 * {@link org.fr.gallery.io.JournaledGallery} makes each enrolment durable on its own, through an fsync'ed
 * {@link org.fr.gallery.io.GalleryJournal} beside the file that is folded into it at checkpoints.
 */
package org.fr.gallery.io;
