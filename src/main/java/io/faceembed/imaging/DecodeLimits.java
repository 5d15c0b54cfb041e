package io.faceembed.imaging;

import java.util.Locale;

/**
 * Bounds on what {@link ImageDecoder} decodes.
 *
 * @param maxPixels     images whose header declares more pixels (width * height) are refused before any pixel
 *                      buffer is allocated: the guard against decompression bombs
 * @param maxDecodeSide larger images are reduced while decoding so that neither decoded side exceeds this (see
 *                      {@link DecodeSize})
 * @param workingSide   a decoder that reduces in halvings at no cost (libjpeg's DCT scaling) goes further, as long
 *                      as the longer decoded side keeps at least this many pixels: what the face detector sees.
 *                      Faces too small in that image for a sharp chip are cut from a finer decode of the same file
 *                      ({@link DecodedImage#decodedAt})
 */
public record DecodeLimits(long maxPixels, int maxDecodeSide, int workingSide) {

    /**
     * 100 MP: beyond every common camera (a 150 MP medium-format file is the rare exception). Not lower because
     * a progressive JPEG makes libjpeg hold all DCT coefficients (about 6 bytes per pixel, native memory) whatever
     * the subsampling, so this bounds one decode at about 600 MB outside the heap.
     */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    /** 2048: four times the face detector's 512 input; the most a decode that cannot halve for free keeps. */
    public static final int DEFAULT_MAX_DECODE_SIDE = 2048;

    /**
     * 448, seven eighths of the SSD detector's 512 input: a 12 MP photo (4032 wide) is decoded at 1/8, 504 wide,
     * and enlarged by 1.6% for the detector, which sees every image at 512 whatever its size.
     */
    public static final int DEFAULT_WORKING_SIDE = 448;

    public static final DecodeLimits DEFAULT = new DecodeLimits(DEFAULT_MAX_PIXELS, DEFAULT_MAX_DECODE_SIDE,
            DEFAULT_WORKING_SIDE);

    public DecodeLimits {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
        }
        if (maxDecodeSide <= 0) {
            throw new IllegalArgumentException("maxDecodeSide must be positive: " + maxDecodeSide);
        }
        if (workingSide <= 0) {
            throw new IllegalArgumentException("workingSide must be positive: " + workingSide);
        }
    }

    /** Limits that decode nothing below {@code maxDecodeSide} (the working side is the same). */
    public DecodeLimits(long maxPixels, int maxDecodeSide) {
        this(maxPixels, maxDecodeSide, maxDecodeSide);
    }

    /** The size a file that declares width x height pixels is decoded to by a decoder that reads every block whole. */
    DecodeSize sizeFor(int width, int height) {
        return DecodeSize.of(width, height, maxDecodeSide);
    }

    /**
     * The size a decoder that halves for free (1/2, 1/4, 1/8) decodes to first: the largest such reduction whose
     * longer side keeps at least {@link #workingSide()}, or what {@link #sizeFor} gives where that is smaller.
     */
    DecodeSize workingSizeFor(int width, int height) {
        int longest = Math.max(width, height);
        int halving = 1;
        while (halving < 8 && DecodeSize.ceilDiv(longest, 2 * halving) >= workingSide) {
            halving *= 2;
        }
        DecodeSize capped = sizeFor(width, height);
        return halving > capped.step() ? DecodeSize.atStep(width, height, halving) : capped;
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
