package io.faceembed.imaging;

/** Turns stored pixels upright according to an EXIF orientation value (1..8). */
final class Orientation {

    private Orientation() {
    }

    /** Whether this orientation exchanges width and height (the 90-degree cases 5..8). */
    static boolean swapsSides(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /**
     * The upright image. Each output pixel (x, y) is read from the source at start + x * dx + y * dy (in pixels),
     * which covers all eight cases (mirrors, rotations and their combinations) with one loop.
     */
    static DecodedImage apply(DecodedImage src, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return src;
        }
        int w = src.width();
        int h = src.height();
        int start;
        int dx;
        int dy;
        switch (orientation) {
            case 2 -> { start = w - 1; dx = -1; dy = w; }                   // mirror horizontally
            case 3 -> { start = h * w - 1; dx = -1; dy = -w; }              // rotate 180
            case 4 -> { start = (h - 1) * w; dx = 1; dy = -w; }             // mirror vertically
            case 5 -> { start = 0; dx = w; dy = 1; }                        // transpose
            case 6 -> { start = (h - 1) * w; dx = -w; dy = 1; }             // rotate 90 clockwise
            case 7 -> { start = h * w - 1; dx = -w; dy = -1; }              // transverse
            default -> { start = w - 1; dx = w; dy = -1; }                  // 8: rotate 90 counter-clockwise
        }
        int outW = swapsSides(orientation) ? h : w;
        int outH = swapsSides(orientation) ? w : h;
        byte[] in = src.rgb();
        byte[] out = new byte[in.length];
        int o = 0;
        for (int y = 0; y < outH; y++) {
            int s = start + y * dy;
            for (int x = 0; x < outW; x++, s += dx) {
                int i = s * 3;
                out[o++] = in[i];
                out[o++] = in[i + 1];
                out[o++] = in[i + 2];
            }
        }
        return new DecodedImage(outW, outH, out, src.scale(), src.finer());
    }
}
