package io.faceembed.inference;

/**
 * One detected face in the pixel coordinates of the image it was found in.
 *
 * @param landmarks5 optional five points (left eye, right eye, nose, left mouth corner, right mouth corner) as
 *                   x0,y0,x1,y1,...; {@code null} when the detector does not produce them
 */
public record Detection(float x1, float y1, float x2, float y2, float score, float[] landmarks5) {

    public float width() {
        return x2 - x1;
    }

    public float height() {
        return y2 - y1;
    }

    /** The same face in an image {@code factor} times as large: box and points scaled, score kept. */
    public Detection scaled(double factor) {
        if (factor == 1.0) {
            return this;
        }
        float f = (float) factor;
        return new Detection(x1 * f, y1 * f, x2 * f, y2 * f, score, scaled(landmarks5, factor));
    }

    /** Points (x0, y0, x1, y1, ...) in an image {@code factor} times as large; {@code null} stays {@code null}. */
    public static float[] scaled(float[] points, double factor) {
        if (points == null || factor == 1.0) {
            return points;
        }
        float[] out = points.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= (float) factor;
        }
        return out;
    }

    public float area() {
        return Math.max(0f, width()) * Math.max(0f, height());
    }

    public float iou(Detection other) {
        float ix = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        float iy = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (ix <= 0 || iy <= 0) {
            return 0f;
        }
        float inter = ix * iy;
        return inter / (area() + other.area() - inter);
    }

    /** The largest IoU of this box with any of {@code others}; 0 when there are none. */
    public float bestIou(java.util.List<Detection> others) {
        float best = 0f;
        for (Detection other : others) {
            best = Math.max(best, iou(other));
        }
        return best;
    }
}
