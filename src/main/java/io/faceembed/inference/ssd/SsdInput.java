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
    public static final int FLOATS_PER_IMAGE = 3 * PLANE;

    private SsdInput() {
    }

    /** Fills image {@code slot} of the NCHW {@code batch} with {@code image} shown on {@code canvas}. */
    public static void fill(DecodedImage image, SsdCanvas canvas, float[] batch, int slot) {
        int side = canvas.squareSide();
        // The canvas is a box of side x side at -offset in image coordinates; outside the image it reads zeros.
        ImageResizer.cropResize(image, -canvas.offsetX(), -canvas.offsetY(), side, side, SIZE, SIZE, batch,
                slot * FLOATS_PER_IMAGE, ImageResizer.Layout.CHW);
    }
}
