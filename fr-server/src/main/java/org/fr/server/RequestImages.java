package org.fr.server;

import java.io.IOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.fr.AlignedFace;
import org.fr.FaceAligner;
import org.fr.ImageDecoder;
import org.fr.ImageLimits;
import org.fr.InvalidImageException;
import org.fr.RgbImage;
import org.fr.image.ByteArrayImageInputStream;
import org.fr.server.v1.Crop;
import org.fr.server.v1.Image;
import org.fr.server.v1.RawImage;

/**
 * Turns the images of requests into {@link RgbImage}s within the server's {@link ImageLimits}, failing with the gRPC
 * status a client can act on: {@code RESOURCE_EXHAUSTED} for an image larger than the limits (found from its header,
 * before any pixel is decoded), {@code INVALID_ARGUMENT} for an empty, undecodable, too small or malformed one. Every
 * message names the image. Immutable and thread-safe.
 */
final class RequestImages {
    private final ImageLimits limits;

    RequestImages(ImageLimits limits) { this.limits = limits; }

    ImageLimits limits() { return limits; }

    /** Decodes an encoded image; {@code what} names it when the request gives no name. */
    RgbImage decode(Image image, String what) {
        String name = label(image, what);
        byte[] bytes = image.getData().toByteArray();
        if (bytes.length == 0) throw invalid(name + ": empty image (0 bytes)");
        long[] size = headerSize(bytes);
        if (size != null && tooLarge(size[0], size[1])) {
            throw Status.RESOURCE_EXHAUSTED.withDescription(name + ": image of " + size[0] + "x" + size[1]
                    + " exceeds the server's limits (" + limits.maxWidth() + "x" + limits.maxHeight() + ", "
                    + limits.maxPixels() + " pixels)").asRuntimeException();
        }
        try {
            return ImageDecoder.decode(bytes, name, limits);
        } catch (InvalidImageException e) {
            throw invalid(e.getMessage());
        }
    }

    /** How messages name an image: its name and what it is for, or only the latter. */
    static String label(Image image, String what) {
        return image.getName().isBlank() ? what : image.getName() + " (" + what + ")";
    }

    /** Raw RGB pixels, checked against the limits and their stated size. */
    RgbImage raw(RawImage raw, String what) {
        long w = raw.getWidth(), h = raw.getHeight();
        if (w <= 0 || h <= 0) throw invalid(what + ": raw image size must be positive, got " + w + "x" + h);
        if (tooLarge(w, h)) {
            throw Status.RESOURCE_EXHAUSTED.withDescription(what + ": raw image of " + w + "x" + h
                    + " exceeds the server's limits (" + limits.maxWidth() + "x" + limits.maxHeight() + ", "
                    + limits.maxPixels() + " pixels)").asRuntimeException();
        }
        if (raw.getRgb().size() != w * h * 3) {
            throw invalid(what + ": raw image of " + w + "x" + h + " needs " + w * h * 3 + " RGB bytes, got " + raw.getRgb().size());
        }
        return new RgbImage((int) w, (int) h, raw.getRgb().toByteArray());
    }

    /** A crop for recognition only: aligned already (112x112, no landmarks) or aligned here from its 5 landmarks. */
    AlignedFace aligned(Crop crop, String what) {
        RgbImage img = switch (crop.getPixelsCase()) {
            case IMAGE -> decodeCrop(crop.getImage(), what);
            case RAW -> raw(crop.getRaw(), what);
            case PIXELS_NOT_SET -> throw invalid(what + ": crop has no pixels (set image or raw)");
        };
        if (crop.getLandmarksCount() == 0) {
            if (img.width() != AlignedFace.SIZE || img.height() != AlignedFace.SIZE) {
                throw invalid(what + ": a crop without landmarks must be aligned, " + AlignedFace.SIZE + "x"
                        + AlignedFace.SIZE + "; got " + img.width() + "x" + img.height() + " (send its 5 landmarks to have it aligned)");
            }
            return new AlignedFace(img);
        }
        try {
            return FaceAligner.align(img, ProtoConversions.landmarks(crop.getLandmarksList()));
        } catch (IllegalArgumentException e) {
            throw invalid(what + ": " + e.getMessage());
        }
    }

    /** Crops are small: an aligned 112x112 crop is below the usual minimum side, so only the maxima apply. */
    private RgbImage decodeCrop(Image image, String what) {
        return new RequestImages(limits.withMinSide(1)).decode(image, what);
    }

    private boolean tooLarge(long w, long h) {
        boolean upright = w > limits.maxWidth() || h > limits.maxHeight();
        boolean turned = h > limits.maxWidth() || w > limits.maxHeight();
        return (upright && turned) || w * h > limits.maxPixels();
    }

    /** Width and height from the header, or null when no reader recognises the bytes (the decoder then says why). */
    private static long[] headerSize(byte[] bytes) {
        try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            while (readers.hasNext()) {
                ImageReader r = readers.next();
                try {
                    if (r.getFormatName().equalsIgnoreCase("wbmp")) continue;
                    in.seek(0);
                    r.setInput(in, true, true);
                    return new long[] {r.getWidth(0), r.getHeight(0)};
                } catch (IOException | RuntimeException e) {
                    return null;
                } finally {
                    r.dispose();
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }
}
