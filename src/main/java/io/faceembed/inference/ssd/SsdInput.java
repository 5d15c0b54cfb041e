package io.faceembed.inference.ssd;

import io.faceembed.imaging.DecodedImage;

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
        // TF's legacy scaler: source = destination * (in / out), both in float.
        float scale = (float) side / SIZE;
        int[] col0 = new int[SIZE];
        int[] col1 = new int[SIZE];
        float[] colFrac = new float[SIZE];
        sourceIndices(scale, side, canvas.offsetX(), image.width(), col0, col1, colFrac);
        int[] row0 = new int[SIZE];
        int[] row1 = new int[SIZE];
        float[] rowFrac = new float[SIZE];
        sourceIndices(scale, side, canvas.offsetY(), image.height(), row0, row1, rowFrac);

        byte[] rgb = image.rgb();
        int rowStride = image.width() * 3;
        int base = slot * FLOATS_PER_IMAGE;
        for (int y = 0; y < SIZE; y++) {
            int top = row0[y] < 0 ? -1 : row0[y] * rowStride;
            int bottom = row1[y] < 0 ? -1 : row1[y] * rowStride;
            float yl = rowFrac[y];
            int out = base + y * SIZE;
            for (int x = 0; x < SIZE; x++) {
                int left = col0[x] < 0 ? -1 : col0[x] * 3;
                int right = col1[x] < 0 ? -1 : col1[x] * 3;
                float xl = colFrac[x];
                for (int c = 0; c < 3; c++) {
                    float tl = pixel(rgb, top, left, c);
                    float tr = pixel(rgb, top, right, c);
                    float bl = pixel(rgb, bottom, left, c);
                    float br = pixel(rgb, bottom, right, c);
                    float t = tl + (tr - tl) * xl;
                    float b = bl + (br - bl) * xl;
                    batch[out + c * PLANE + x] = t + (b - t) * yl;
                }
            }
        }
    }

    /**
     * For each output index along one axis: the two source indices in image coordinates (-1 where the canvas
     * there is padding) and the interpolation weight of the second.
     */
    private static void sourceIndices(float scale, int side, int offset, int imageExtent,
                                      int[] first, int[] second, float[] frac) {
        for (int i = 0; i < SIZE; i++) {
            float src = i * scale;
            int lo = (int) Math.floor(src);
            int hi = Math.min((int) Math.ceil(src), side - 1);
            frac[i] = src - lo;
            first[i] = imageIndex(lo - offset, imageExtent);
            second[i] = imageIndex(hi - offset, imageExtent);
        }
    }

    private static int imageIndex(int i, int extent) {
        return i >= 0 && i < extent ? i : -1;
    }

    private static float pixel(byte[] rgb, int rowStart, int colStart, int channel) {
        return rowStart < 0 || colStart < 0 ? 0f : rgb[rowStart + colStart + channel] & 0xff;
    }
}
