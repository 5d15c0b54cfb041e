package io.faceembed.inference.align;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.PixelBox;

/**
 * One level down an image pyramid as dlib's {@code pyramid_down<2>} makes it: a separable 5x5 binomial blur
 * ([1 4 6 4 1] / 16 each way, in integers, the sum truncated) sampled at every second pixel, so that a chip cut
 * from a face several times its size is anti-aliased instead of skipping pixels. Pixel (i, j) of the result is
 * centred on pixel (2i + 2, 2j + 2) of the source, which gives {@code (w - 3) / 2} by {@code (h - 3) / 2} pixels.
 */
public final class HalfScalePyramid {

    /** Below this many pixels on a side dlib's pyramid gives an empty level. */
    static final int MIN_SIDE = 9;

    private HalfScalePyramid() {
    }

    /** The level below {@code src}, or {@code null} when {@code src} is too small to have one. */
    public static DecodedImage down(DecodedImage src) {
        int w = src.width();
        int h = src.height();
        if (w < MIN_SIDE || h < MIN_SIDE) {
            return null;
        }
        int outW = (w - 3) / 2;
        int outH = (h - 3) / 2;
        byte[] in = src.rgb();
        // Row pass on every source row, keeping only the columns the result needs.
        int[] rows = new int[h * outW * 3];
        for (int y = 0; y < h; y++) {
            int from = y * w * 3;
            int to = y * outW * 3;
            for (int i = 0; i < outW; i++) {
                int p = from + 2 * i * 3;
                for (int c = 0; c < 3; c++) {
                    rows[to + i * 3 + c] = (in[p + c] & 0xff) + 4 * (in[p + 3 + c] & 0xff)
                            + 6 * (in[p + 6 + c] & 0xff) + 4 * (in[p + 9 + c] & 0xff) + (in[p + 12 + c] & 0xff);
                }
            }
        }
        byte[] out = new byte[outW * outH * 3];
        int stride = outW * 3;
        for (int j = 0; j < outH; j++) {
            int centre = (2 * j + 2) * stride;
            for (int k = 0; k < stride; k++) {
                int sum = rows[centre - 2 * stride + k] + 4 * rows[centre - stride + k] + 6 * rows[centre + k]
                        + 4 * rows[centre + stride + k] + rows[centre + 2 * stride + k];
                out[j * stride + k] = (byte) (sum >> 8);
            }
        }
        return DecodedImage.of(outW, outH, out);
    }

    /** A copy of the pixels in {@code box}, which must lie inside the image. */
    public static DecodedImage crop(DecodedImage src, PixelBox box) {
        byte[] out = new byte[box.width() * box.height() * 3];
        int rowBytes = box.width() * 3;
        for (int y = 0; y < box.height(); y++) {
            System.arraycopy(src.rgb(), ((box.y() + y) * src.width() + box.x()) * 3, out, y * rowBytes, rowBytes);
        }
        return DecodedImage.of(box.width(), box.height(), out);
    }
}
