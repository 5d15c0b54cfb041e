package io.faceembed.inference.landmarks;

/**
 * Maps FaceLandmark68Net's raw output back to image pixels as face-api does ({@code FaceLandmark68NetBase
 * .postProcess}, then {@code FaceLandmarks} scaling by the crop and {@code shiftBy} the detection's origin).
 */
public final class LandmarkProjection {

    private LandmarkProjection() {
    }

    /**
     * @param raw      the net's output; 136 values x0,y0,... read from {@code raw[offset]}
     * @param cropW    width of the pixels fed to the net (before padding to a square)
     * @param cropH    height of those pixels
     * @param shiftX   x of the detection box's left edge. face-api shifts by the detection's own (unrounded,
     *                 unclipped) origin, not by the floored, clipped crop it actually fed the net; kept for parity
     * @param shiftY   y of the detection box's top edge, likewise
     * @param inputSize the net's input size (112)
     * @return 136 values x0,y0,... in image pixels
     */
    public static float[] toImage(float[] raw, int offset, int cropW, int cropH, double shiftX, double shiftY,
                                  int inputSize) {
        double scale = (double) inputSize / Math.max(cropW, cropH);
        double scaledW = cropW * scale;
        double scaledH = cropH * scale;
        // postProcess assumes the padding is split evenly (|w-h|/2), even where padToSquare put the odd pixel after
        float padX = (float) (scaledW < scaledH ? Math.abs(scaledW - scaledH) / 2 : 0);
        float padY = (float) (scaledH < scaledW ? Math.abs(scaledW - scaledH) / 2 : 0);
        float size = inputSize;
        float[] out = new float[136];
        for (int i = 0; i < 68; i++) {
            // float32 tensor maths in face-api: out * inputSize - pad, divided by the scaled size
            float rx = (raw[offset + 2 * i] * size - padX) / (float) scaledW;
            float ry = (raw[offset + 2 * i + 1] * size - padY) / (float) scaledH;
            out[2 * i] = (float) (rx * (double) cropW + shiftX);
            out[2 * i + 1] = (float) (ry * (double) cropH + shiftY);
        }
        return out;
    }
}
