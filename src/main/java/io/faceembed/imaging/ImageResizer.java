package io.faceembed.imaging;

/**
 * Bilinear resizing of a whole image, or of a box of it, exactly as TensorFlow.js's
 * {@code tf.image.resizeBilinear(image, size, alignCorners = false, halfPixelCenters = false)} computes it, since
 * face-api's models were trained and are run on inputs resized that way.
 *
 * <p>Interpolation, per axis (input size {@code in}, output size {@code out}): output index {@code i} samples the
 * input at {@code s = i * in / out} (no half-pixel offset: output pixel 0 is input pixel 0, and the last rows and
 * columns repeat the input's edge when enlarging), between {@code floor(s)} and {@code min(floor(s) + 1, in - 1)}
 * with weight {@code s - floor(s)}; the value is {@code top + (bottom - top) * fy} where
 * {@code top = tl + (tr - tl) * fx} and likewise for bottom. No antialiasing when shrinking, as in TF.js.
 *
 * <p>A box may reach beyond the image: pixels outside it are 0 (black), and they take part in interpolation like
 * any others, which equals TF.js padding the image with zeros first and resizing the padded tensor.
 *
 * <p>Float outputs hold the 0..255 values unnormalised, RGB order, in the layout asked for. Index and weight
 * tables are computed once per call; no allocation per pixel.
 */
public final class ImageResizer {

    /** Order of values in a float output: height-width-channel (TF.js's NHWC) or channel-height-width. */
    public enum Layout { HWC, CHW }

    private ImageResizer() {
    }

    /** The whole image resized to width x height. */
    public static void resize(DecodedImage src, int width, int height, float[] dst, int offset, Layout layout) {
        cropResize(src, 0, 0, src.width(), src.height(), width, height, dst, offset, layout);
    }

    /**
     * The box (boxX, boxY, boxWidth, boxHeight), in the image's pixels, resized to width x height; outside the
     * image the box is black.
     */
    public static void cropResize(DecodedImage src, int boxX, int boxY, int boxWidth, int boxHeight,
                                  int width, int height, float[] dst, int offset, Layout layout) {
        checkSizes(boxWidth, boxHeight, width, height);
        if (offset < 0 || dst.length - offset < (long) width * height * 3) {
            throw new IllegalArgumentException("destination holds " + (dst.length - offset) + " floats after offset "
                    + offset + ", needs " + (long) width * height * 3);
        }
        Axis xs = new Axis(boxX, boxWidth, width, src.width());
        Axis ys = new Axis(boxY, boxHeight, height, src.height());
        float[] row = new float[width * 3];
        int plane = width * height;
        for (int y = 0; y < height; y++) {
            interpolateRow(src, xs, ys, y, row);
            if (layout == Layout.HWC) {
                System.arraycopy(row, 0, dst, offset + y * width * 3, width * 3);
            } else {
                int o = offset + y * width;
                for (int x = 0, i = 0; x < width; x++, i += 3) {
                    dst[o + x] = row[i];
                    dst[o + plane + x] = row[i + 1];
                    dst[o + 2 * plane + x] = row[i + 2];
                }
            }
        }
    }

    /** The whole image resized to width x height, values rounded to the nearest byte. */
    public static DecodedImage resize(DecodedImage src, int width, int height) {
        return cropResize(src, 0, 0, src.width(), src.height(), width, height);
    }

    /**
     * The box resized to width x height as 8-bit RGB (values rounded). Its {@code scale} is 1: the result is a
     * new picture, not the source at another resolution.
     */
    public static DecodedImage cropResize(DecodedImage src, int boxX, int boxY, int boxWidth, int boxHeight,
                                          int width, int height) {
        checkSizes(boxWidth, boxHeight, width, height);
        Axis xs = new Axis(boxX, boxWidth, width, src.width());
        Axis ys = new Axis(boxY, boxHeight, height, src.height());
        float[] row = new float[width * 3];
        byte[] out = new byte[width * height * 3];
        int o = 0;
        for (int y = 0; y < height; y++) {
            interpolateRow(src, xs, ys, y, row);
            for (float v : row) {
                out[o++] = (byte) Math.min(255, (int) (v + 0.5f));
            }
        }
        return DecodedImage.of(width, height, out);
    }

    private static void interpolateRow(DecodedImage src, Axis xs, Axis ys, int y, float[] row) {
        byte[] rgb = src.rgb();
        int stride = src.width() * 3;
        int top = ys.lo[y] < 0 ? -1 : ys.lo[y] * stride;
        int bottom = ys.hi[y] < 0 ? -1 : ys.hi[y] * stride;
        float fy = ys.frac[y];
        int n = xs.lo.length;
        for (int x = 0, o = 0; x < n; x++, o += 3) {
            int left = xs.lo[x] < 0 ? -1 : xs.lo[x] * 3;
            int right = xs.hi[x] < 0 ? -1 : xs.hi[x] * 3;
            float fx = xs.frac[x];
            for (int c = 0; c < 3; c++) {
                float tl = sample(rgb, top, left, c);
                float tr = sample(rgb, top, right, c);
                float bl = sample(rgb, bottom, left, c);
                float br = sample(rgb, bottom, right, c);
                float t = tl + (tr - tl) * fx;
                float b = bl + (br - bl) * fx;
                row[o + c] = t + (b - t) * fy;
            }
        }
    }

    private static float sample(byte[] rgb, int rowStart, int column, int channel) {
        return rowStart < 0 || column < 0 ? 0f : rgb[rowStart + column + channel] & 0xff;
    }

    private static void checkSizes(int boxWidth, int boxHeight, int width, int height) {
        if (boxWidth <= 0 || boxHeight <= 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("sizes must be positive: box " + boxWidth + "x" + boxHeight
                    + ", output " + width + "x" + height);
        }
    }

    /** For each output index along one axis: the two source indices (-1 outside the image) and the weight. */
    private static final class Axis {
        final int[] lo;
        final int[] hi;
        final float[] frac;

        Axis(int boxStart, int boxSize, int outSize, int imageSize) {
            lo = new int[outSize];
            hi = new int[outSize];
            frac = new float[outSize];
            double ratio = (double) boxSize / outSize;
            for (int i = 0; i < outSize; i++) {
                double s = ratio * i;
                int floor = (int) Math.floor(s);
                int ceil = Math.min(boxSize - 1, (int) Math.ceil(s));
                frac[i] = (float) (s - floor);
                lo[i] = inside(boxStart + floor, imageSize);
                hi[i] = inside(boxStart + ceil, imageSize);
            }
        }

        private static int inside(int index, int size) {
            return index >= 0 && index < size ? index : -1;
        }
    }
}
