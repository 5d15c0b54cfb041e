package io.faceembed.imaging;

/**
 * Pixels of one decoded image: 8-bit RGB, interleaved, row-major ({@code rgb.length == width * height * 3}),
 * EXIF orientation already applied.
 *
 * <p>{@code scale} maps decoded pixels back to the file's own pixel grid (original = decoded * scale); it is 1
 * unless the decoder subsampled a large image. A reduced image may keep a way back to its file ({@code finer},
 * else {@code null}), for faces too small in it to be cut sharply: {@link #decodedAt}.
 */
public record DecodedImage(int width, int height, byte[] rgb, double scale, FinerDecode finer) {

    public DecodedImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("rgb buffer holds " + rgb.length + " bytes, expected " + (width * height * 3));
        }
    }

    public DecodedImage(int width, int height, byte[] rgb, double scale) {
        this(width, height, rgb, scale, null);
    }

    public static DecodedImage of(int width, int height, byte[] rgb) {
        return new DecodedImage(width, height, rgb, 1.0);
    }

    /** Whether the file can be decoded again with more pixels than this image has. */
    public boolean decodesFiner() {
        return finer != null && scale > 1;
    }

    /**
     * The same file decoded again at {@code step}, between 1 (full size) and this image's scale (exclusive).
     *
     * @throws IllegalStateException if this image has no way back to its file ({@link #decodesFiner()})
     */
    public DecodedImage decodedAt(int step) throws ImageDecodeException {
        if (!decodesFiner()) {
            throw new IllegalStateException("a " + width + "x" + height + " image at scale " + scale
                    + " cannot be decoded finer");
        }
        if (step < 1 || step >= scale) {
            throw new IllegalArgumentException("a finer decode needs a step from 1 to below " + scale + ": " + step);
        }
        return finer.at(step);
    }

    DecodedImage withFinerDecode(FinerDecode decode) {
        return new DecodedImage(width, height, rgb, scale, decode);
    }

    /** Red, green and blue of pixel (x, y) as 0..255. */
    public int red(int x, int y) {
        return rgb[(y * width + x) * 3] & 0xff;
    }

    public int green(int x, int y) {
        return rgb[(y * width + x) * 3 + 1] & 0xff;
    }

    public int blue(int x, int y) {
        return rgb[(y * width + x) * 3 + 2] & 0xff;
    }
}
