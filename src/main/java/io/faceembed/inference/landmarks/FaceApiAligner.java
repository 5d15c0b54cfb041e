package io.faceembed.inference.landmarks;

import io.faceembed.inference.FaceAligner;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.FaceRef;
import io.faceembed.inference.PixelBox;
import io.faceembed.inference.align.ChipSampler;

/**
 * The chip face-api's FaceRecognitionNet sees ({@code ComputeAllFaceDescriptorsTask}): the dlib-style box from
 * the 68 landmarks ({@code landmarks.align(null, {useDlibAlignment: true})}), clipped and floored at the image
 * borders, padded to a centred square and resized to 150x150. No rotation: face-api aligns by box only. Without
 * landmarks, the detection box is cut instead, as face-api does for faces without landmarks.
 */
public final class FaceApiAligner implements FaceAligner {

    public static final int CHIP_SIZE = 150;
    private static final double REL_X = 0.5;
    private static final double REL_Y = 0.43;
    private static final double REL_SCALE = 0.45;

    @Override
    public FaceChip align(FaceRef face, float[] landmarks) {
        return new FaceChip(CHIP_SIZE, chipTensor(face, landmarks));
    }

    /** Planar RGB floats 0..255, 3 x 150 x 150, exactly the recognition net's input for this face. */
    public float[] chipTensor(FaceRef face, float[] landmarks) {
        float[] chw = new float[3 * CHIP_SIZE * CHIP_SIZE];
        ChipSampler.resizeBox(face.image(), chipBox(face, landmarks), true, CHIP_SIZE, chw, 0);
        return chw;
    }

    /** The image pixels the chip is made of. */
    public PixelBox chipBox(FaceRef face, float[] landmarks) {
        PixelBox crop = orThrow(FaceApiCrop.of(face.image(), face.detection()), face);
        if (landmarks == null) {
            return crop;
        }
        int[] r = dlibRect(landmarks, crop.width(), crop.height());
        return orThrow(PixelBox.clipLikeFaceApi(r[0], r[1], r[2], r[3], face.image().width(),
                face.image().height()), face);
    }

    /**
     * face-api's {@code FaceLandmarks.alignDlib}: a square of side (mean eye-to-mouth distance / 0.45) placed so that
     * the centre of (left eye, right eye, mouth) sits at 50% across and 43% down. Its width and height are capped at
     * the landmark crop's size plus x (resp. y), a face-api quirk kept for parity. Returns {x, y, width, height}.
     */
    static int[] dlibRect(float[] landmarks, int cropW, int cropH) {
        double[] leftEye = centre(landmarks, 36, 42);
        double[] rightEye = centre(landmarks, 42, 48);
        double[] mouth = centre(landmarks, 48, 68);
        double eyeToMouth = (Math.hypot(mouth[0] - leftEye[0], mouth[1] - leftEye[1])
                + Math.hypot(mouth[0] - rightEye[0], mouth[1] - rightEye[1])) / 2;
        int size = (int) Math.floor(eyeToMouth / REL_SCALE);
        double refX = (leftEye[0] + rightEye[0] + mouth[0]) / 3;
        double refY = (leftEye[1] + rightEye[1] + mouth[1]) / 3;
        int x = (int) Math.floor(Math.max(0, refX - REL_X * size));
        int y = (int) Math.floor(Math.max(0, refY - REL_Y * size));
        return new int[] {x, y, Math.min(size, cropW + x), Math.min(size, cropH + y)};
    }

    /** Mean of points from..to-1, summed in order as face-api's getCenterPoint does. */
    private static double[] centre(float[] pts, int from, int to) {
        double sx = 0;
        double sy = 0;
        for (int i = from; i < to; i++) {
            sx += pts[2 * i];
            sy += pts[2 * i + 1];
        }
        int n = to - from;
        return new double[] {sx / n, sy / n};
    }

    private static PixelBox orThrow(PixelBox box, FaceRef face) {
        if (box == null) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "face box (%.1f, %.1f)-(%.1f, %.1f) holds no pixel of the %dx%d image", face.detection().x1(),
                    face.detection().y1(), face.detection().x2(), face.detection().y2(), face.image().width(),
                    face.image().height()));
        }
        return box;
    }

    @Override
    public String version() {
        return "faceapi-align-v1";
    }
}
