package io.faceembed.inference.align;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.PixelBox;

/**
 * The one place where face chips are cut out of images: bilinear sampling into planar RGB floats (all red, then
 * green, then blue, 0..255), so several chips can be laid into one NCHW batch. Two forms: {@link #warp} reads the
 * image through any affine map (every aligner that rotates), {@link #resizeBox} cuts an upright box the way
 * face-api's tensors do (its landmark net's input and its own recogniser chips).
 */
public final class ChipSampler {

    private ChipSampler() {
    }

    /** A {@code size} x {@code size} chip whose pixel (u, v) is the image at {@code map(u, v)}. */
    public static FaceChip warp(DecodedImage image, AffineMap map, int size, SamplingRule rule) {
        return warp(image, map, size, rule, 0, 0, size, size);
    }

    /** As {@link #warp(DecodedImage, AffineMap, int, SamplingRule)}, leaving chip pixels outside [u0,u1) x [v0,v1) black. */
    public static FaceChip warp(DecodedImage image, AffineMap map, int size, SamplingRule rule, int u0, int v0,
                                int u1, int v1) {
        int plane = size * size;
        float[] chw = new float[3 * plane];
        boolean dlib = rule == SamplingRule.DLIB;
        for (int v = v0; v < v1; v++) {
            for (int u = u0; u < u1; u++) {
                double x = map.x(u, v);
                double y = map.y(u, v);
                int at = v * size + u;
                if (dlib) {
                    bilinearInsideOnly(image, x, y, chw, at, plane);
                } else {
                    bilinearZeroBorder(image, x, y, chw, at, plane);
                }
            }
        }
        return new FaceChip(size, chw);
    }

    /** dlib: nothing unless all four neighbours are on the image; values truncated as a byte pixel stores them. */
    private static void bilinearInsideOnly(DecodedImage img, double x, double y, float[] chw, int at, int plane) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        if (x0 < 0 || y0 < 0 || x0 + 1 >= img.width() || y0 + 1 >= img.height()) {
            return;
        }
        double fx = x - x0;
        double fy = y - y0;
        byte[] rgb = img.rgb();
        int row = img.width() * 3;
        int i00 = (y0 * img.width() + x0) * 3;
        for (int c = 0; c < 3; c++) {
            double top = (1 - fx) * (rgb[i00 + c] & 0xff) + fx * (rgb[i00 + 3 + c] & 0xff);
            double bottom = (1 - fx) * (rgb[i00 + row + c] & 0xff) + fx * (rgb[i00 + row + 3 + c] & 0xff);
            chw[c * plane + at] = (int) ((1 - fy) * top + fy * bottom);
        }
    }

    private static void bilinearZeroBorder(DecodedImage img, double x, double y, float[] chw, int at, int plane) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        if (x0 < -1 || y0 < -1 || x0 >= img.width() || y0 >= img.height()) {
            return;
        }
        double fx = x - x0;
        double fy = y - y0;
        byte[] rgb = img.rgb();
        boolean inside = x0 >= 0 && y0 >= 0 && x0 + 1 < img.width() && y0 + 1 < img.height();
        int row = img.width() * 3;
        int i00 = (y0 * img.width() + x0) * 3;
        for (int c = 0; c < 3; c++) {
            double v00;
            double v10;
            double v01;
            double v11;
            if (inside) {
                v00 = rgb[i00 + c] & 0xff;
                v10 = rgb[i00 + 3 + c] & 0xff;
                v01 = rgb[i00 + row + c] & 0xff;
                v11 = rgb[i00 + row + 3 + c] & 0xff;
            } else {
                v00 = pixelOrBlack(img, x0, y0, c);
                v10 = pixelOrBlack(img, x0 + 1, y0, c);
                v01 = pixelOrBlack(img, x0, y0 + 1, c);
                v11 = pixelOrBlack(img, x0 + 1, y0 + 1, c);
            }
            double top = v00 + (v10 - v00) * fx;
            double bottom = v01 + (v11 - v01) * fx;
            chw[c * plane + at] = (float) (top + (bottom - top) * fy);
        }
    }

    private static double pixelOrBlack(DecodedImage img, int x, int y, int c) {
        if (x < 0 || y < 0 || x >= img.width() || y >= img.height()) {
            return 0;
        }
        return img.rgb()[(y * img.width() + x) * 3 + c] & 0xff;
    }

    /** The padding face-api adds before the box's pixels along the shorter side (the rest goes after). */
    public static int leadingPadding(int width, int height, boolean centrePad) {
        int diff = Math.abs(width - height);
        // padToSquare appends Math.round(diff / 2) and prepends what is left, so the odd pixel goes after
        return centrePad ? diff - (diff + 1) / 2 : 0;
    }

    /**
     * Cuts a box out of an image, pads it with black to a square and resizes it bilinearly, as face-api's
     * {@code NetInput.toBatchTensor(size, centred)} does with a face tensor: {@code padToSquare} then
     * {@code tf.image.resizeBilinear(alignCorners=false, halfPixelCenters=false)}. Only the box's pixels are read;
     * the padding is black even where the image goes on. Writes 3 x size x size floats at {@code dst[offset]}.
     * The box must lie inside the image.
     */
    public static void resizeBox(DecodedImage image, PixelBox box, boolean centrePad, int size, float[] dst,
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
     * tfjs' CPU kernel does (which clamps the upper neighbour at the square's last pixel).
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
