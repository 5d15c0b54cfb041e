package io.faceembed.models.onnx;

/**
 * The range an activation was seen to take on calibration data, and the uint8 quantization that covers it: the
 * range widened to hold zero (so zero is exact, as padding needs), 255 steps across it.
 */
public record ActivationRange(float min, float max) {

    public ActivationRange {
        if (!(min <= max) || !Float.isFinite(min) || !Float.isFinite(max)) {
            throw new IllegalArgumentException("not a range: [" + min + ", " + max + "]");
        }
    }

    /** The value of one uint8 step. */
    public float scale() {
        float span = Math.max(max, 0f) - Math.min(min, 0f);
        return span > 0 ? span / 255f : 1f;
    }

    /** The uint8 that stands for zero. */
    public int zeroPoint() {
        return Math.max(0, Math.min(255, Math.round(-Math.min(min, 0f) / scale())));
    }
}
