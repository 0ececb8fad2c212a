package org.fr;

/**
 * The image sizes {@link ImageDecoder} accepts. The decoder reads an image's header dimensions and refuses it
 * against these limits before it decodes (and allocates) any pixel, so a small file whose header claims a huge
 * image cannot exhaust memory. Sizes are those of the upright image (after the EXIF orientation is applied).
 * Immutable and thread-safe.
 *
 * @param maxWidth  the largest accepted width in pixels
 * @param maxHeight the largest accepted height in pixels
 * @param maxPixels the largest accepted {@code width * height}
 * @param minSide   the smallest accepted width and height; smaller images hold no detectable face
 */
public record ImageLimits(int maxWidth, int maxHeight, long maxPixels, int minSide) {
    /** 16384 x 16384 at most, 64 million pixels at most, at least 16 x 16. */
    public static final ImageLimits DEFAULT = new ImageLimits(16384, 16384, 64_000_000L, 16);

    public ImageLimits {
        if (maxWidth <= 0 || maxHeight <= 0 || maxPixels <= 0 || minSide <= 0) {
            throw new IllegalArgumentException("image limits must be positive: maxWidth=" + maxWidth + ", maxHeight="
                    + maxHeight + ", maxPixels=" + maxPixels + ", minSide=" + minSide);
        }
        if (minSide > maxWidth || minSide > maxHeight || (long) minSide * minSide > maxPixels) {
            throw new IllegalArgumentException("minSide " + minSide + " exceeds the maximum size " + maxWidth + "x"
                    + maxHeight + " / " + maxPixels + " pixels");
        }
    }

    public ImageLimits withMaxSize(int maxWidth, int maxHeight, long maxPixels) {
        return new ImageLimits(maxWidth, maxHeight, maxPixels, minSide);
    }

    public ImageLimits withMinSide(int minSide) {
        return new ImageLimits(maxWidth, maxHeight, maxPixels, minSide);
    }

    /** Whether an image of this size lies within the limits. */
    public boolean accepts(long width, long height) {
        return problem(width, height) == null;
    }

    /**
     * Refuses an image of the given size that lies outside the limits.
     *
     * @param source the file name or description of the image, for the message
     * @throws InvalidImageException naming the source and the size when the image is too small or too large
     */
    public void check(String source, long width, long height) {
        String problem = problem(width, height);
        if (problem != null) throw new InvalidImageException(source, problem);
    }

    private String problem(long width, long height) {
        if (width > maxWidth || height > maxHeight || width * height > maxPixels) {
            return "image too large (" + width + "x" + height + "); at most " + maxWidth + "x" + maxHeight + " and "
                    + maxPixels + " pixels allowed";
        }
        if (width < minSide || height < minSide) {
            return "image too small (" + width + "x" + height + "); at least " + minSide + "x" + minSide
                    + " pixels needed";
        }
        return null;
    }
}
