package io.faceembed.inference.adapters;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.FaceChip;

/**
 * Fills a chip by bilinear sampling of an image, each chip pixel (u, v) reading the image at
 * {@code (ax*u + bx*v + cx, ay*u + by*v + cy)}. Pixel centres sit on integer coordinates, and neighbours outside
 * the image count as black, as in OpenCV's {@code warpAffine} with a constant zero border (what InsightFace's
 * {@code norm_crop} and DeepFace's rotation use).
 */
public final class ChipSampler {

    private ChipSampler() {
    }

    /** Chip to image affine map: image = [ax bx cx; ay by cy] * (u, v, 1). */
    public record ChipToImage(double ax, double bx, double cx, double ay, double by, double cy) {

        public static ChipToImage of(Similarity2D s) {
            return new ChipToImage(s.a(), -s.b(), s.tx(), s.b(), s.a(), s.ty());
        }
    }

    public static FaceChip sample(DecodedImage image, ChipToImage m, int size) {
        return sample(image, m, size, 0, 0, size, size);
    }

    /** As {@link #sample(DecodedImage, ChipToImage, int)}, leaving chip pixels outside [u0,u1) x [v0,v1) black. */
    static FaceChip sample(DecodedImage image, ChipToImage m, int size, int u0, int v0, int u1, int v1) {
        int plane = size * size;
        float[] chw = new float[3 * plane];
        for (int v = v0; v < v1; v++) {
            for (int u = u0; u < u1; u++) {
                double x = m.ax * u + m.bx * v + m.cx;
                double y = m.ay * u + m.by * v + m.cy;
                bilinear(image, x, y, chw, v * size + u, plane);
            }
        }
        return new FaceChip(size, chw);
    }

    private static void bilinear(DecodedImage img, double x, double y, float[] chw, int at, int plane) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        if (x0 < -1 || y0 < -1 || x0 >= img.width() || y0 >= img.height()) {
            return;
        }
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
                // All four neighbours on the image: the usual case, read without per-pixel bounds checks.
                v00 = rgb[i00 + c] & 0xff;
                v10 = rgb[i00 + 3 + c] & 0xff;
                v01 = rgb[i00 + row + c] & 0xff;
                v11 = rgb[i00 + row + 3 + c] & 0xff;
            } else {
                v00 = pixel(img, rgb, x0, y0, c);
                v10 = pixel(img, rgb, x0 + 1, y0, c);
                v01 = pixel(img, rgb, x0, y0 + 1, c);
                v11 = pixel(img, rgb, x0 + 1, y0 + 1, c);
            }
            double top = v00 + (v10 - v00) * fx;
            double bottom = v01 + (v11 - v01) * fx;
            chw[c * plane + at] = (float) (top + (bottom - top) * fy);
        }
    }

    private static double pixel(DecodedImage img, byte[] rgb, int x, int y, int c) {
        if (x < 0 || y < 0 || x >= img.width() || y >= img.height()) {
            return 0;
        }
        return rgb[(y * img.width() + x) * 3 + c] & 0xff;
    }
}
