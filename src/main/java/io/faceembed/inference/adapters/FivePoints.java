package io.faceembed.inference.adapters;

import io.faceembed.inference.FaceRef;

/**
 * The five alignment points (eye, eye, nose tip, mouth corner, mouth corner; image-left first) of a face, from
 * the pipeline's landmarks when it has a landmark step, else from the detector.
 */
final class FivePoints {

    private FivePoints() {
    }

    /** x0,y0..x4,y4, or {@code null} when neither the landmark step nor the detector gave points. */
    static float[] of(FaceRef face, float[] landmarks) {
        if (landmarks != null && landmarks.length == 10) {
            return landmarks;
        }
        if (landmarks != null && landmarks.length == 136) {
            return fromIbug68(landmarks);
        }
        float[] fromDetector = face.detection().landmarks5();
        return fromDetector != null && fromDetector.length == 10 ? fromDetector : null;
    }

    /** iBUG 68-point layout: eyes 36-41 and 42-47 (centres), nose tip 30, mouth corners 48 and 54. */
    private static float[] fromIbug68(float[] p) {
        float[] out = new float[10];
        for (int i = 36; i < 42; i++) {
            out[0] += p[2 * i] / 6f;
            out[1] += p[2 * i + 1] / 6f;
            out[2] += p[2 * (i + 6)] / 6f;
            out[3] += p[2 * (i + 6) + 1] / 6f;
        }
        out[4] = p[60];
        out[5] = p[61];
        out[6] = p[96];
        out[7] = p[97];
        out[8] = p[108];
        out[9] = p[109];
        return out;
    }
}
