package io.faceembed.inference;

import io.faceembed.imaging.DecodedImage;

/**
 * Cuts a box out of an image, pads it with black to a square and resizes it bilinearly, as face-api's
 * {@code NetInput.toBatchTensor(size, centred)} does with a face tensor: {@code padToSquare} then
 * {@code tf.image.resizeBilinear(alignCorners=false, halfPixelCenters=false)}. The result is written planar
 * (all red, then green, then blue), float 0..255, so several chips can be laid into one NCHW batch.
 */
public final class ChipSampler {

    private ChipSampler() {
    }

    /** The padding face-api adds before the box's pixels along the shorter side (the rest goes after). */
    public static int leadingPadding(int width, int height, boolean centrePad) {
        int diff = Math.abs(width - height);
        // padToSquare appends Math.round(diff / 2) and prepends what is left, so the odd pixel goes after
        return centrePad ? diff - (diff + 1) / 2 : 0;
    }

    public static void sample(DecodedImage image, int x, int y, int width, int height, boolean centrePad, int size,
                              float[] dst, int offset) {
        sample(image, new PixelBox(x, y, width, height), centrePad, size, dst, offset);
    }

    /** Writes 3 x size x size floats at {@code dst[offset]}. The box must lie inside the image. */
    public static void sample(DecodedImage image, PixelBox box, boolean centrePad, int size, float[] dst,
                              int offset) {
        if (box.x() < 0 || box.y() < 0 || box.x() + box.width() > image.width()
                || box.y() + box.height() > image.height()) {
            throw new IllegalArgumentException("box " + box + " is not inside the " + image.width() + "x"
                    + image.height() + " image");
        }
        int side = Math.max(box.width(), box.height());
        int lead = leadingPadding(box.width(), box.height(), centrePad);
        int padLeft = box.width() < box.height() ? lead : 0;
        int padTop = box.height() < box.width() ? lead : 0;
        Axis cols = Axis.of(side, size, box.x() - padLeft, box.x(), box.x() + box.width());
        Axis rows = Axis.of(side, size, box.y() - padTop, box.y(), box.y() + box.height());

        byte[] rgb = image.rgb();
        int rowStride = image.width() * 3;
        int plane = size * size;
        for (int r = 0; r < size; r++) {
            int top = rows.lo[r] < 0 ? -1 : rows.lo[r] * rowStride;
            int bottom = rows.hi[r] < 0 ? -1 : rows.hi[r] * rowStride;
            double rf = rows.frac[r];
            int outRow = offset + r * size;
            for (int c = 0; c < size; c++) {
                int left = cols.lo[c] < 0 ? -1 : cols.lo[c] * 3;
                int right = cols.hi[c] < 0 ? -1 : cols.hi[c] * 3;
                double cf = cols.frac[c];
                for (int ch = 0; ch < 3; ch++) {
                    double tl = at(rgb, top, left, ch);
                    double tr = at(rgb, top, right, ch);
                    double bl = at(rgb, bottom, left, ch);
                    double br = at(rgb, bottom, right, ch);
                    double t = tl + (tr - tl) * cf;
                    double b = bl + (br - bl) * cf;
                    dst[outRow + ch * plane + c] = (float) (t + (b - t) * rf);
                }
            }
        }
    }

    private static double at(byte[] rgb, int rowStart, int colStart, int ch) {
        return rowStart < 0 || colStart < 0 ? 0.0 : rgb[rowStart + colStart + ch] & 0xff;
    }

    /**
     * Source positions along one axis of the padded square: for each output cell the two neighbouring image
     * coordinates (-1 where they fall into the padding) and the interpolation weight, computed in doubles as
     * tfjs' CPU kernel does.
     */
    private record Axis(int[] lo, int[] hi, double[] frac) {

        static Axis of(int side, int size, int origin, int imageFrom, int imageTo) {
            int[] lo = new int[size];
            int[] hi = new int[size];
            double[] frac = new double[size];
            double ratio = (double) side / size;
            for (int i = 0; i < size; i++) {
                double src = ratio * i;
                int floor = (int) Math.max(0, Math.floor(src));
                frac[i] = src - floor;
                int ceil = (int) Math.min(side - 1, Math.ceil(src));
                lo[i] = inside(origin + floor, imageFrom, imageTo);
                hi[i] = inside(origin + ceil, imageFrom, imageTo);
            }
            return new Axis(lo, hi, frac);
        }

        private static int inside(int v, int from, int to) {
            return v >= from && v < to ? v : -1;
        }
    }
}
