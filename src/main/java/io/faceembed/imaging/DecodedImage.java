package io.faceembed.imaging;

/**
 * Pixels of one decoded image: 8-bit RGB, interleaved, row-major ({@code rgb.length == width * height * 3}),
 * EXIF orientation already applied.
 *
 * <p>{@code scale} maps decoded pixels back to the file's own pixel grid (original = decoded * scale); it is 1
 * unless the decoder subsampled a large image.
 */
public record DecodedImage(int width, int height, byte[] rgb, double scale) {

    public DecodedImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("rgb buffer holds " + rgb.length + " bytes, expected " + (width * height * 3));
        }
    }

    public static DecodedImage of(int width, int height, byte[] rgb) {
        return new DecodedImage(width, height, rgb, 1.0);
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
