package io.faceembed.imaging;

/**
 * The size an image is decoded to: within {@link DecodeLimits#maxDecodeSide()}, every decoder the same. A file
 * whose longer side is over the limit is reduced by the smallest whole step that brings it within:
 * {@code ceil(side / step)} on each side, and {@link DecodedImage#scale()} is the step.
 *
 * @param step   1 for an image decoded at its own size, else the reduction (original = decoded * step)
 * @param width  decoded width
 * @param height decoded height
 */
record DecodeSize(int step, int width, int height) {

    static DecodeSize of(int width, int height, int maxDecodeSide) {
        int longest = Math.max(width, height);
        int step = longest <= maxDecodeSide ? 1 : (longest + maxDecodeSide - 1) / maxDecodeSide;
        return atStep(width, height, step);
    }

    /** A decode reduced by {@code step}: libjpeg's rounding (up) of a scaled side. */
    static DecodeSize atStep(int width, int height, int step) {
        if (step < 1) {
            throw new IllegalArgumentException("decode step must be at least 1: " + step);
        }
        return new DecodeSize(step, ceilDiv(width, step), ceilDiv(height, step));
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
