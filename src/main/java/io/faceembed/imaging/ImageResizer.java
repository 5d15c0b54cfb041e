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
        checkDestination(dst.length, offset, width, height, "floats");
        int plane = width * height;
        eachRow(src, boxX, boxY, boxWidth, boxHeight, width, height, (y, row) -> {
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
        });
    }

    /**
     * The box resized to width x height as 8-bit values in channel-height-width order at {@code dst[offset]}:
     * the float resize's values rounded to the nearest whole number.
     */
    public static void cropResizeChw(DecodedImage src, int boxX, int boxY, int boxWidth, int boxHeight,
                                     int width, int height, byte[] dst, int offset) {
        checkDestination(dst.length, offset, width, height, "bytes");
        int plane = width * height;
        eachRow(src, boxX, boxY, boxWidth, boxHeight, width, height, (y, row) -> {
            int o = offset + y * width;
            for (int x = 0, i = 0; x < width; x++, i += 3) {
                dst[o + x] = toByte(row[i]);
                dst[o + plane + x] = toByte(row[i + 1]);
                dst[o + 2 * plane + x] = toByte(row[i + 2]);
            }
        });
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
        byte[] out = new byte[width * height * 3];
        eachRow(src, boxX, boxY, boxWidth, boxHeight, width, height, (y, row) -> {
            for (int i = 0, o = y * width * 3; i < row.length; i++) {
                out[o + i] = toByte(row[i]);
            }
        });
        return DecodedImage.of(width, height, out);
    }

    /** One output row, interpolated: width x 3 values, RGB; the array is reused for the next row. */
    @FunctionalInterface
    private interface RowSink {
        void accept(int y, float[] row);
    }

    /** Every output row of the box resized to width x height, top to bottom. */
    private static void eachRow(DecodedImage src, int boxX, int boxY, int boxWidth, int boxHeight, int width,
                                int height, RowSink sink) {
        checkSizes(boxWidth, boxHeight, width, height);
        Axis xs = new Axis(boxX, boxWidth, width, src.width());
        Axis ys = new Axis(boxY, boxHeight, height, src.height());
        RowSource rows = new RowSource(src, xs);
        float[] row = new float[width * 3];
        for (int y = 0; y < height; y++) {
            interpolateRow(rows, ys, y, row);
            sink.accept(y, row);
        }
    }

    private static void checkDestination(int length, int offset, int width, int height, String unit) {
        if (offset < 0 || length - offset < (long) width * height * 3) {
            throw new IllegalArgumentException("destination holds " + (length - offset) + " " + unit
                    + " after offset " + offset + ", needs " + (long) width * height * 3);
        }
    }

    private static byte toByte(float v) {
        return (byte) Math.min(255, (int) (v + 0.5f));
    }

    /**
     * Interpolates horizontally each source row once (the two most recent are kept, since consecutive output rows
     * mostly share them), then blends the two rows an output row needs. The arithmetic is TF.js's, in its order.
     */
    private static final class RowSource {
        private final DecodedImage src;
        private final Axis xs;
        private float[] first;
        private float[] second;
        private int firstIndex = Integer.MIN_VALUE;
        private int secondIndex = Integer.MIN_VALUE;

        RowSource(DecodedImage src, Axis xs) {
            this.src = src;
            this.xs = xs;
            first = new float[xs.lo.length * 3];
            second = new float[xs.lo.length * 3];
        }

        /** Source row {@code index} (-1: outside the image) interpolated along x; 'first' is the most recent. */
        float[] row(int index) {
            if (index != firstIndex) {
                if (index != secondIndex) {
                    fill(index, second); // the least recently used row
                    secondIndex = index;
                }
                float[] swap = first;
                first = second;
                second = swap;
                int swapIndex = firstIndex;
                firstIndex = secondIndex;
                secondIndex = swapIndex;
            }
            return first;
        }

        private void fill(int index, float[] out) {
            if (index < 0) {
                java.util.Arrays.fill(out, 0f);
                return;
            }
            byte[] rgb = src.rgb();
            int base = index * src.width() * 3;
            int[] lo = xs.lo;
            int[] hi = xs.hi;
            float[] frac = xs.frac;
            for (int x = 0, o = 0; x < lo.length; x++, o += 3) {
                int l = lo[x];
                int h = hi[x];
                float fx = frac[x];
                if (l >= 0 && h >= 0) {
                    int a = base + l * 3;
                    int b = base + h * 3;
                    for (int c = 0; c < 3; c++) {
                        float left = rgb[a + c] & 0xff;
                        float right = rgb[b + c] & 0xff;
                        out[o + c] = left + (right - left) * fx;
                    }
                } else {
                    for (int c = 0; c < 3; c++) {
                        float left = l < 0 ? 0f : rgb[base + l * 3 + c] & 0xff;
                        float right = h < 0 ? 0f : rgb[base + h * 3 + c] & 0xff;
                        out[o + c] = left + (right - left) * fx;
                    }
                }
            }
        }
    }

    private static void interpolateRow(RowSource rows, Axis ys, int y, float[] row) {
        float[] top = rows.row(ys.lo[y]);
        float[] bottom = rows.row(ys.hi[y]);
        float fy = ys.frac[y];
        if (fy == 0f) {
            System.arraycopy(top, 0, row, 0, row.length);
            return;
        }
        for (int i = 0; i < row.length; i++) {
            float t = top[i];
            row[i] = t + (bottom[i] - t) * fy;
        }
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
