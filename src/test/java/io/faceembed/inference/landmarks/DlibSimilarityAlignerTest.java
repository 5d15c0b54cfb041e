package io.faceembed.inference.landmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.Detection;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.FaceRef;
import io.faceembed.inference.adapters.Similarity2D;
import org.junit.jupiter.api.Test;

class DlibSimilarityAlignerTest {

    private static final int SIZE = DlibSimilarityAligner.CHIP_SIZE;
    private static final Detection ANY_BOX = new Detection(40, 40, 200, 200, 0.9f, null);

    @Test
    void aKnownSimilarityOfTheTemplateIsUndone() {
        Similarity2D placed = rotation(Math.toRadians(25), 1.7, 31.5, -12.25);
        Similarity2D found = DlibSimilarityAligner.chipToImage(transformed(placed, DlibSimilarityAligner.TEMPLATE_68));
        assertEquals(placed.a(), found.a(), 1e-4);
        assertEquals(placed.b(), found.b(), 1e-4);
        assertEquals(placed.tx(), found.tx(), 1e-3);
        assertEquals(placed.ty(), found.ty(), 1e-3);
    }

    @Test
    void aRolledFaceGivesTheSameChipAsTheUprightOne() {
        Similarity2D upright = rotation(0, 1.4, 20, 15);
        Similarity2D rolled = rotation(Math.toRadians(-30), 1.4, 50, 130);
        FaceChip a = alignedChip(upright);
        FaceChip b = alignedChip(rolled);
        double meanAbs = 0;
        for (int i = 0; i < a.chw().length; i++) {
            meanAbs += Math.abs(a.chw()[i] - b.chw()[i]);
        }
        meanAbs /= a.chw().length;
        assertTrue(meanAbs < 1.0, "chips of the upright and the rolled face differ by " + meanAbs + " on average");
    }

    @Test
    void theChipShowsThePatternInTemplateCoordinates() {
        FaceChip chip = alignedChip(rotation(Math.toRadians(40), 1.2, 130, 40));
        int plane = SIZE * SIZE;
        for (int v = 10; v < SIZE; v += 37) {
            for (int u = 10; u < SIZE; u += 29) {
                assertEquals(pattern(u, v, 0), chip.chw()[v * SIZE + u], 2.0, "red at " + u + "," + v);
                assertEquals(pattern(u, v, 2), chip.chw()[2 * plane + v * SIZE + u], 2.0, "blue at " + u + "," + v);
            }
        }
    }

    @Test
    void withoutLandmarksTheDetectionBoxIsCutAsFaceApiDoes() {
        FaceRef face = new FaceRef(render(rotation(0, 1.5, 0, 0), 260, 260), ANY_BOX);
        assertArrayEquals(new FaceApiAligner().align(face, null).chw(),
                new DlibSimilarityAligner().align(face, null).chw());
    }

    @Test
    void itsVersionDiffersFromFaceApisSoStoredRowsAreRedone() {
        assertNotEquals(new FaceApiAligner().version(), new DlibSimilarityAligner().version());
    }

    /** An image showing {@link #pattern} placed by chip-to-image {@code s}, with landmarks = s(template). */
    private static FaceChip alignedChip(Similarity2D s) {
        DecodedImage image = render(s, 400, 400);
        float[] landmarks = transformed(s, DlibSimilarityAligner.TEMPLATE_68);
        return new DlibSimilarityAligner().align(new FaceRef(image, ANY_BOX), landmarks);
    }

    private static DecodedImage render(Similarity2D chipToImage, int w, int h) {
        Similarity2D imageToChip = chipToImage.inverse();
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double[] uv = imageToChip.apply(x, y);
                for (int c = 0; c < 3; c++) {
                    rgb[(y * w + x) * 3 + c] = (byte) Math.round(pattern(uv[0], uv[1], c));
                }
            }
        }
        return DecodedImage.of(w, h, rgb);
    }

    /** A smooth, asymmetric pattern over chip coordinates, so any misplacement shows. */
    private static double pattern(double u, double v, int channel) {
        double k = channel == 0 ? 0.05 : channel == 1 ? 0.07 : 0.04;
        return 127.5 + 100 * Math.sin(k * u + 0.3 * channel) * Math.cos(0.6 * k * v);
    }

    private static Similarity2D rotation(double angle, double scale, double tx, double ty) {
        return new Similarity2D(scale * Math.cos(angle), scale * Math.sin(angle), tx, ty);
    }

    private static float[] transformed(Similarity2D s, float[] points) {
        float[] out = new float[points.length];
        for (int i = 0; i < points.length; i += 2) {
            double[] p = s.apply(points[i], points[i + 1]);
            out[i] = (float) p[0];
            out[i + 1] = (float) p[1];
        }
        return out;
    }
}
