package io.faceembed.inference.dlib;

/**
 * Where dlib's {@code get_face_chip_details} puts a face's points in a chip: its mean face shape, in units of the
 * face's extent (0..1 across and down), padded on every side by {@code padding} times that extent.
 */
final class DlibMeanFace {

    /** Mean x of iBUG points 17..67 (dlib, image_transforms/interpolation.h). */
    private static final double[] MEAN_X_17_67 = {
        0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124,
        0.904991, 0.98004, 0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036,
        0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825, 0.334606, 0.260918,
        0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335, 0.254149,
        0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721,
        0.490127, 0.423532, 0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874,
        0.553364, 0.490127, 0.42689,
    };

    /** Mean y of iBUG points 17..67. */
    private static final double[] MEAN_Y_17_67 = {
        0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891,
        0.0187482, 0.038915, 0.106454, 0.203352, 0.307009, 0.409805, 0.515625, 0.587326,
        0.609345, 0.628106, 0.609345, 0.587326, 0.216423, 0.178758, 0.179852, 0.231733,
        0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077, 0.245099,
        0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805,
        0.902192, 0.909281, 0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746,
        0.784792, 0.824182, 0.831803, 0.824182,
    };

    /**
     * The 68-point fit uses nose, eyes, outer lips and the upper inner lip: not the jaw (0-16), which moves with
     * pose, nor the eyebrows (17-26) and the lower lip (55-59, 65-67), which move with expression.
     */
    static final int[] POINTS_68 = {
        27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53,
        54, 60, 61, 62, 63, 64,
    };

    /**
     * dlib's 5-point layout: image-right eye outer and inner corner, image-left eye outer and inner corner, base of
     * the nose; as iBUG points 45, 42, 36, 39, 33.
     */
    static final int[] FIVE_FROM_68 = {45, 42, 36, 39, 33};

    private static final double[] MEAN_5 = {
        0.8595674595992, 0.2134981538014,
        0.6460604764104, 0.2289674387677,
        0.1205750620789, 0.2137274526848,
        0.3340850613712, 0.2290642403242,
        0.4901123135679, 0.6277975316475,
    };

    private DlibMeanFace() {
    }

    /** The chip positions of {@link #POINTS_68}, x0,y0,x1,y1,... */
    static float[] chipPoints68(int size, double padding) {
        float[] out = new float[2 * POINTS_68.length];
        for (int i = 0; i < POINTS_68.length; i++) {
            int k = POINTS_68[i] - 17;
            out[2 * i] = (float) inChip(MEAN_X_17_67[k], size, padding);
            out[2 * i + 1] = (float) inChip(MEAN_Y_17_67[k], size, padding);
        }
        return out;
    }

    /** The chip positions of the five points, in dlib's 5-point order. */
    static float[] chipPoints5(int size, double padding) {
        float[] out = new float[MEAN_5.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) inChip(MEAN_5[i], size, padding);
        }
        return out;
    }

    /** The corners of the face's extent (0,0), (1,0), (1,1), (0,1) in the chip. */
    static float[] chipCorners(int size, double padding) {
        double lo = inChip(0, size, padding);
        double hi = inChip(1, size, padding);
        return new float[] {(float) lo, (float) lo, (float) hi, (float) lo, (float) hi, (float) hi, (float) lo,
            (float) hi};
    }

    static double inChip(double meanFaceUnit, int size, double padding) {
        return (padding + meanFaceUnit) / (2 * padding + 1) * size;
    }

    /** The given iBUG points of a 68-point face, x0,y0,... */
    static float[] select(float[] landmarks68, int[] points) {
        float[] out = new float[2 * points.length];
        for (int i = 0; i < points.length; i++) {
            out[2 * i] = landmarks68[2 * points[i]];
            out[2 * i + 1] = landmarks68[2 * points[i] + 1];
        }
        return out;
    }
}
