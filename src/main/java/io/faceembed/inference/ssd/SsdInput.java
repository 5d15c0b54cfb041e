package io.faceembed.inference.ssd;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.imaging.ImageResizer;

/**
 * Builds the detector's input the way face-api's {@code toBatchTensor(512, false)} does for a tensor: the canvas
 * is padded with zeros at the bottom or right to a square, then resized to 512x512 with TensorFlow's
 * {@code resizeBilinear(alignCorners=false, halfPixelCenters=false)}; values stay 0..255 (the graph
 * normalises), written as planar RGB (NCHW) straight into the batch buffer.
 */
public final class SsdInput {

    public static final int SIZE = 512;
    public static final int PLANE = SIZE * SIZE;
    public static final int VALUES_PER_IMAGE = 3 * PLANE;

    private SsdInput() {
    }

    /** Fills image {@code slot} of the NCHW {@code batch} with {@code image} shown on {@code canvas}. */
    public static void fill(DecodedImage image, SsdCanvas canvas, float[] batch, int slot) {
        int side = canvas.squareSide();
        // The canvas is a box of side x side at -offset in image coordinates; outside the image it reads zeros.
        ImageResizer.cropResize(image, -canvas.offsetX(), -canvas.offsetY(), side, side, SIZE, SIZE, batch,
                slot * VALUES_PER_IMAGE, ImageResizer.Layout.CHW);
    }

    /** As {@link #fill(DecodedImage, SsdCanvas, float[], int)}, rounded to 8-bit values (a GPU's smaller input). */
    public static void fill(DecodedImage image, SsdCanvas canvas, byte[] batch, int slot) {
        int side = canvas.squareSide();
        ImageResizer.cropResizeChw(image, -canvas.offsetX(), -canvas.offsetY(), side, side, SIZE, SIZE, batch,
                slot * VALUES_PER_IMAGE);
    }

    /**
     * Writes {@code image} pixel for pixel at the offset of {@code canvas}, which must be the input's own size
     * (scale 1), leaving the rest of slot {@code slot} as it is.
     */
    static void place(DecodedImage image, SsdCanvas canvas, float[] batch, int slot) {
        if (canvas.width() != SIZE || canvas.height() != SIZE || canvas.offsetX() < 0 || canvas.offsetY() < 0
                || canvas.offsetX() + image.width() > SIZE || canvas.offsetY() + image.height() > SIZE) {
            throw new IllegalArgumentException("a " + image.width() + "x" + image.height() + " image does not fit "
                    + canvas + " at scale 1");
        }
        byte[] rgb = image.rgb();
        int base = slot * VALUES_PER_IMAGE;
        for (int y = 0; y < image.height(); y++) {
            int o = base + (canvas.offsetY() + y) * SIZE + canvas.offsetX();
            for (int x = 0, i = y * image.width() * 3; x < image.width(); x++, i += 3) {
                batch[o + x] = rgb[i] & 0xff;
                batch[o + PLANE + x] = rgb[i + 1] & 0xff;
                batch[o + 2 * PLANE + x] = rgb[i + 2] & 0xff;
            }
        }
    }
}
