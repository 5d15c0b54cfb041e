package io.faceembed.inference.adapters;

import io.faceembed.imaging.DecodedImage;

/**
 * An image resized into a detector's fixed input keeping its aspect ratio, placed top-left, the rest black
 * (InsightFace's SCRFD {@code detect}: new size truncated to int, {@code det_scale = new_height / height},
 * OpenCV bilinear resize). The tensor is planar RGB, normalised (x - mean) / std.
 *
 * @param tensor [3, height, width] values
 * @param scale  input pixels per image pixel: image coordinate = input coordinate / scale
 */
record Letterbox(float[] tensor, int width, int height, double scale) {

    static Letterbox of(DecodedImage image, int width, int height, float mean, float std) {
        double imRatio = (double) image.height() / image.width();
        double modelRatio = (double) height / width;
        int newW;
        int newH;
        if (imRatio > modelRatio) {
            newH = height;
            newW = (int) (newH / imRatio);
        } else {
            newW = width;
            newH = (int) (newW * imRatio);
        }
        newW = Math.max(1, Math.min(width, newW));
        newH = Math.max(1, Math.min(height, newH));
        double scale = (double) newH / image.height();

        int plane = width * height;
        float[] t = new float[3 * plane];
        java.util.Arrays.fill(t, -mean / std);
        // OpenCV INTER_LINEAR: source = (dst + 0.5) * src/dst - 0.5, clamped to the edge pixels.
        double sx = (double) image.width() / newW;
        double sy = (double) image.height() / newH;
        byte[] rgb = image.rgb();
        int iw = image.width();
        for (int y = 0; y < newH; y++) {
            double fy = Math.max(0, (y + 0.5) * sy - 0.5);
            int y0 = Math.min((int) fy, image.height() - 1);
            int y1 = Math.min(y0 + 1, image.height() - 1);
            double wy = Math.min(1, fy - y0);
            for (int x = 0; x < newW; x++) {
                double fx = Math.max(0, (x + 0.5) * sx - 0.5);
                int x0 = Math.min((int) fx, iw - 1);
                int x1 = Math.min(x0 + 1, iw - 1);
                double wx = Math.min(1, fx - x0);
                for (int c = 0; c < 3; c++) {
                    double top = (rgb[(y0 * iw + x0) * 3 + c] & 0xff) * (1 - wx) + (rgb[(y0 * iw + x1) * 3 + c] & 0xff) * wx;
                    double bot = (rgb[(y1 * iw + x0) * 3 + c] & 0xff) * (1 - wx) + (rgb[(y1 * iw + x1) * 3 + c] & 0xff) * wx;
                    double v = top * (1 - wy) + bot * wy;
                    t[c * plane + y * width + x] = (float) ((v - mean) / std);
                }
            }
        }
        return new Letterbox(t, width, height, scale);
    }
}
