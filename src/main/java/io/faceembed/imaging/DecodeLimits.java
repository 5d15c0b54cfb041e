package io.faceembed.imaging;

import java.util.Locale;

/**
 * Bounds on what {@link ImageDecoder} decodes.
 *
 * @param maxPixels     images whose header declares more pixels (width * height) are refused before any pixel
 *                      buffer is allocated: the guard against decompression bombs
 * @param maxDecodeSide larger images are reduced while decoding so that neither decoded side exceeds this (see
 *                      {@link DecodeSize})
 */
public record DecodeLimits(long maxPixels, int maxDecodeSide) {

    /**
     * 100 MP: beyond every common camera (a 150 MP medium-format file is the rare exception). Not lower because
     * a progressive JPEG makes libjpeg hold all DCT coefficients (about 6 bytes per pixel, native memory) whatever
     * the subsampling, so this bounds one decode at about 600 MB outside the heap.
     */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    /** 2048: four times the face detector's 512 input, enough to find faces down to about 20 pixels wide. */
    public static final int DEFAULT_MAX_DECODE_SIDE = 2048;

    public static final DecodeLimits DEFAULT = new DecodeLimits(DEFAULT_MAX_PIXELS, DEFAULT_MAX_DECODE_SIDE);

    public DecodeLimits {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
        }
        if (maxDecodeSide <= 0) {
            throw new IllegalArgumentException("maxDecodeSide must be positive: " + maxDecodeSide);
        }
    }

    /** The size a file that declares width x height pixels is decoded to. */
    DecodeSize sizeFor(int width, int height) {
        return DecodeSize.of(width, height, maxDecodeSide);
    }

    /** Refuses a header's size that is not positive or is over {@link #maxPixels()}; call before allocating. */
    void checkDeclared(int width, int height, ImageFormat format, String name) throws ImageDecodeException {
        if (width <= 0 || height <= 0) {
            throw ImageDecodeException.forFile(name,
                    "corrupt " + format.displayName() + ": declares " + width + " x " + height + " pixels", null);
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw ImageDecodeException.forFile(name, String.format(Locale.ROOT,
                    "image too large: declares %d x %d pixels (%s MP), over the limit of %s MP",
                    width, height, megapixels(pixels), megapixels(maxPixels)), null);
        }
    }

    private static String megapixels(long pixels) {
        double mp = pixels / 1e6;
        return mp >= 10 ? String.format(Locale.ROOT, "%.0f", mp) : String.format(Locale.ROOT, "%.1f", mp);
    }
}
