package io.faceembed.imaging;

/** Decodes the file an image came from once more, reduced by a smaller step: more pixels for small faces. */
@FunctionalInterface
public interface FinerDecode {

    /** The file decoded at {@code step} (original = decoded * step), upright like the first decode. */
    DecodedImage at(int step) throws ImageDecodeException;
}
