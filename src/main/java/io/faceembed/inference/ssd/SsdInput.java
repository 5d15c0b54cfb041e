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

    /** Bytes of one canvas for a detector that resizes on the device: SIZE + 1 rows of SIZE RGB pixels. */
    public static final int CANVAS_VALUES = (SIZE + 1) * SIZE * 3;

    /**
     * Fills canvas {@code slot} of {@code batch} for a detector that resizes on the device
     * ({@code OnnxModel.resizingOnDevice}): the square face-api resizes (the image at the offset of {@code canvas},
     * black around it) pixel for pixel at the top left, black elsewhere, and its side in the last row. A square
     * larger than the input is resized here to SIZE x SIZE (8-bit, as {@link #fill(DecodedImage, SsdCanvas,
     * byte[], int)} does), so the device resizes it by 1; a square up to SIZE (an LFW portrait, a 12 MP photo
     * decoded at 1/8) costs only copies.
     */
    public static void fillCanvas(DecodedImage image, SsdCanvas canvas, byte[] batch, int slot) {
        int base = slot * CANVAS_VALUES;
        java.util.Arrays.fill(batch, base, base + CANVAS_VALUES, (byte) 0);
        int side = canvas.squareSide();
        DecodedImage shown = image;
        int x0 = canvas.offsetX();
        int y0 = canvas.offsetY();
        if (side > SIZE) {
            shown = ImageResizer.cropResize(image, -x0, -y0, side, side, SIZE, SIZE);
            side = SIZE;
            x0 = 0;
            y0 = 0;
        }
        int rowBytes = shown.width() * 3;
        for (int y = 0; y < shown.height(); y++) {
            System.arraycopy(shown.rgb(), y * rowBytes, batch, base + ((y0 + y) * SIZE + x0) * 3, rowBytes);
        }
        int header = base + SIZE * SIZE * 3;
        batch[header] = (byte) side;
        batch[header + 1] = (byte) (side >> 8);
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
