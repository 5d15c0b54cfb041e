package io.faceembed.imaging;

import java.util.OptionalInt;

/**
 * One way of turning a file's bytes into its stored pixels, at the {@link DecodeSize} the limits give or at a step
 * asked for (EXIF orientation is applied afterwards, by {@link ImageDecoder}, whichever decoder ran).
 * Implementations are thread-safe.
 */
interface PixelDecoder {

    /** Short name for counts and reports, e.g. "libjpeg-turbo". */
    String name();

    /** How this decoder reaches the working size for a decode step, for reports, e.g. "DCT-scaled 1/2". */
    String method(int step);

    /** Whether this decoder is tried at all for files of this format. */
    boolean takes(ImageFormat format);

    /**
     * The stored pixels, reduced by {@code step} where one is given, else to the first size this decoder's way of
     * decoding makes cheapest within the limits.
     *
     * @throws DecodeDeclined       this file is not one this decoder takes after all; the next decoder is tried
     * @throws ImageDecodeException the file cannot be decoded by anyone (e.g. over the pixel limit)
     */
    DecodedImage decode(byte[] bytes, ImageFormat format, String name, OptionalInt step)
            throws DecodeDeclined, ImageDecodeException;
}
