package io.faceembed.inference.align;

/**
 * A 2-D similarity transform (rotation, uniform scale, translation): x' = a*x - b*y + tx, y' = b*x + a*y + ty,
 * where a = s*cos(theta) and b = s*sin(theta).
 */
public record Similarity2D(double a, double b, double tx, double ty) {

    public double scale() {
        return Math.hypot(a, b);
    }

    /** Rotation angle in radians, counter-clockwise in a y-up frame (clockwise on screen, where y points down). */
    public double angle() {
        return Math.atan2(b, a);
    }

    public double[] apply(double x, double y) {
        return new double[] {a * x - b * y + tx, b * x + a * y + ty};
    }

    public Similarity2D inverse() {
        double d = a * a + b * b;
        double ia = a / d;
        double ib = -b / d;
        return new Similarity2D(ia, ib, -(ia * tx - ib * ty), -(ib * tx + ia * ty));
    }

    /**
     * Least-squares similarity taking {@code src} points onto {@code dst} points (x0,y0,x1,y1,...): Umeyama's
     * estimator, which in 2-D has a closed form when points are read as complex numbers: with both sets centred,
     * s*e^(i*theta) = sum(conj(p) * q) / sum(|p|^2). It never yields a reflection (the 2-D Umeyama with its
     * det-sign correction gives the same rotation).
     */
    public static Similarity2D estimate(float[] src, float[] dst) {
        if (src.length != dst.length || src.length < 4 || src.length % 2 != 0) {
            throw new IllegalArgumentException("need two equal lists of at least two points, got " + src.length / 2
                    + " and " + dst.length / 2);
        }
        int n = src.length / 2;
        double sx = 0, sy = 0, dx = 0, dy = 0;
        for (int i = 0; i < n; i++) {
            sx += src[2 * i];
            sy += src[2 * i + 1];
            dx += dst[2 * i];
            dy += dst[2 * i + 1];
        }
        sx /= n;
        sy /= n;
        dx /= n;
        dy /= n;
        double re = 0, im = 0, var = 0;
        for (int i = 0; i < n; i++) {
            double px = src[2 * i] - sx, py = src[2 * i + 1] - sy;
            double qx = dst[2 * i] - dx, qy = dst[2 * i + 1] - dy;
            re += px * qx + py * qy;
            im += px * qy - py * qx;
            var += px * px + py * py;
        }
        if (var < 1e-12) {
            throw new IllegalArgumentException("landmarks are all at one point; no similarity transform exists");
        }
        double a = re / var;
        double b = im / var;
        return new Similarity2D(a, b, dx - (a * sx - b * sy), dy - (b * sx + a * sy));
    }
}
