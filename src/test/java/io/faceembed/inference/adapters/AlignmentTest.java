package io.faceembed.inference.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.Detection;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.FaceRef;
import io.faceembed.inference.align.Similarity2D;
import org.junit.jupiter.api.Test;

class AlignmentTest {

    /** 200x200 image whose red is x, green is y and blue 128: bilinear sampling of it is exact. */
    private static DecodedImage coordinateImage() {
        int n = 200;
        byte[] rgb = new byte[n * n * 3];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                rgb[(y * n + x) * 3] = (byte) x;
                rgb[(y * n + x) * 3 + 1] = (byte) y;
                rgb[(y * n + x) * 3 + 2] = (byte) 128;
            }
        }
        return DecodedImage.of(n, n, rgb);
    }

    private static float[] transform(float[] points, double scale, double degrees, double tx, double ty) {
        double c = scale * Math.cos(Math.toRadians(degrees));
        double s = scale * Math.sin(Math.toRadians(degrees));
        float[] out = new float[points.length];
        for (int i = 0; i < points.length; i += 2) {
            out[i] = (float) (c * points[i] - s * points[i + 1] + tx);
            out[i + 1] = (float) (s * points[i] + c * points[i + 1] + ty);
        }
        return out;
    }

    @Test
    void umeyamaRecoversAKnownSimilarityOfTheTemplateExactly() {
        float[] template = SimilarityAligner.ARCFACE_TEMPLATE_112;
        float[] moved = transform(template, 1.5, 30, 10, -5);
        Similarity2D t = Similarity2D.estimate(template, moved);
        assertEquals(1.5, t.scale(), 1e-6);
        assertEquals(30, Math.toDegrees(t.angle()), 1e-4);
        assertEquals(10, t.tx(), 1e-4);
        assertEquals(-5, t.ty(), 1e-4);

        Similarity2D back = Similarity2D.estimate(moved, template);
        assertEquals(1 / 1.5, back.scale(), 1e-6);
        assertEquals(-30, Math.toDegrees(back.angle()), 1e-4);
        for (int i = 0; i < 10; i += 2) {
            double[] p = back.apply(moved[i], moved[i + 1]);
            assertEquals(template[i], p[0], 1e-4);
            assertEquals(template[i + 1], p[1], 1e-4);
        }
    }

    @Test
    void umeyamaIsTheLeastSquaresFitForNoisyPoints() {
        // Two points only: the fit is exact whatever they are.
        Similarity2D t = Similarity2D.estimate(new float[] {0, 0, 1, 0}, new float[] {5, 5, 5, 7});
        assertEquals(2, t.scale(), 1e-9);
        assertEquals(90, Math.toDegrees(t.angle()), 1e-9);
        // A square squeezed to 0.9 in x only: the best uniform scale is the average, (4 * 0.9 + 4 * 1) / 8.
        Similarity2D u = Similarity2D.estimate(new float[] {0, 0, 2, 0, 0, 2, 2, 2},
                new float[] {3.1f, 4, 4.9f, 4, 3.1f, 6, 4.9f, 6});
        assertEquals(0, u.angle(), 1e-6);
        assertEquals(0.95, u.scale(), 1e-6);
        assertEquals(4.0 - 0.95 * 1.0, u.tx(), 1e-5);   // centroid (1, 1) goes to (4, 5)
        assertEquals(5.0 - 0.95 * 1.0, u.ty(), 1e-5);
    }

    @Test
    void similarityAlignerWarpsFacePointsOntoTheArcFaceTemplate() {
        DecodedImage image = coordinateImage();
        float[] landmarks = transform(SimilarityAligner.ARCFACE_TEMPLATE_112, 1.2, 15, 40, 10);
        FaceRef face = new FaceRef(image, new Detection(40, 10, 160, 170, 0.99f, landmarks));
        FaceChip chip = new SimilarityAligner().align(face, null);
        assertEquals(112, chip.size());
        double c = 1.2 * Math.cos(Math.toRadians(15));
        double s = 1.2 * Math.sin(Math.toRadians(15));
        int plane = 112 * 112;
        for (int v = 0; v < 112; v++) {
            for (int u = 0; u < 112; u++) {
                assertEquals(c * u - s * v + 40, chip.chw()[v * 112 + u], 2e-3, "red at " + u + "," + v);
                assertEquals(s * u + c * v + 10, chip.chw()[plane + v * 112 + u], 2e-3, "green at " + u + "," + v);
                assertEquals(128, chip.chw()[2 * plane + v * 112 + u], 1e-4);
            }
        }
    }

    @Test
    void similarityAlignerPrefersTheLandmarkStepsPointsAndScalesTheTemplate() {
        DecodedImage image = coordinateImage();
        float[] landmarks = transform(SimilarityAligner.ARCFACE_TEMPLATE_112, 1.0, 0, 30, 20);
        FaceRef face = new FaceRef(image, new Detection(0, 0, 10, 10, 0.9f, null));
        FaceChip chip = new SimilarityAligner(224).align(face, landmarks);
        // Template doubled for 224: chip (u, v) reads the image at (u / 2 + 30, v / 2 + 20).
        assertEquals(30 + 100 / 2.0, chip.chw()[50 * 224 + 100], 2e-3);
        assertEquals(20 + 50 / 2.0, chip.chw()[224 * 224 + 50 * 224 + 100], 2e-3);
    }

    @Test
    void similarityAlignerWithoutPointsCropsTheSquareAroundTheBox() {
        FaceRef face = new FaceRef(coordinateImage(), new Detection(50, 60, 106, 116, 0.9f, null));
        FaceChip chip = new SimilarityAligner().align(face, null);
        // side 56 over 112 pixels: step 0.5, centred on (78, 88).
        assertEquals(78 - 0.5 * 55.5, chip.chw()[0], 1e-3);
        assertEquals(88 - 0.5 * 55.5, chip.chw()[112 * 112], 1e-3);
    }

    @Test
    void eyeRotationAlignerLevelsTheEyesCropsTheBoxAndLetterboxesWithBlack() {
        DecodedImage image = coordinateImage();
        float[] points = {80, 90, 120, 110, 100, 120, 85, 140, 115, 150};
        Detection box = new Detection(70, 70, 130, 150, 0.9f, points);
        EyeRotationAligner aligner = new EyeRotationAligner(160);
        FaceChip chip = aligner.align(new FaceRef(image, box), null);
        // 60x80 box, factor min(160/80, 160/60) = 2: resized 120x160, 20 black columns either side.
        int plane = 160 * 160;
        double theta = Math.atan2(20, 40);
        for (int v = 0; v < 160; v += 7) {
            for (int u = 0; u < 160; u += 3) {
                int at = v * 160 + u;
                if (u < 20 || u >= 140) {
                    assertEquals(0, chip.chw()[at], 0, "black bar at " + u + "," + v);
                    assertEquals(0, chip.chw()[2 * plane + at], 0);
                    continue;
                }
                double cx = (u - 20 + 0.5) / 2 - 0.5;     // column in the 60x80 crop
                double cy = (v + 0.5) / 2 - 0.5;
                double dx = cx - 30;                      // from the box centre (100, 110)
                double dy = cy - 40;
                double x = 100 + Math.cos(theta) * dx - Math.sin(theta) * dy;
                double y = 110 + Math.sin(theta) * dx + Math.cos(theta) * dy;
                assertEquals(x, chip.chw()[at], 2e-3, "red at " + u + "," + v);
                assertEquals(y, chip.chw()[plane + at], 2e-3, "green at " + u + "," + v);
            }
        }
    }

    @Test
    void eyeRotationAlignerDerivesEyesFromSixtyEightPointLandmarks() {
        float[] ibug = new float[136];
        for (int i = 36; i < 42; i++) {   // left eye centre (80, 100), right eye centre (120, 100): no rotation
            ibug[2 * i] = 80 + (i - 38.5f);
            ibug[2 * i + 1] = 100;
            ibug[2 * (i + 6)] = 120 + (i - 38.5f);
            ibug[2 * (i + 6) + 1] = 100;
        }
        float[] five = FivePoints.of(new FaceRef(coordinateImage(), new Detection(0, 0, 1, 1, 1, null)), ibug);
        assertNotNull(five);
        assertEquals(80, five[0], 1e-4);
        assertEquals(120, five[2], 1e-4);
        FaceChip chip = new EyeRotationAligner(100).align(
                new FaceRef(coordinateImage(), new Detection(50, 50, 150, 150, 0.9f, null)), ibug);
        // 100x100 box into 100x100: identity crop, chip (u, v) = image (50 + u, 50 + v).
        assertEquals(50 + 33, chip.chw()[10 * 100 + 33], 1e-3);
        assertEquals(50 + 10, chip.chw()[100 * 100 + 10 * 100 + 33], 1e-3);
    }
}
