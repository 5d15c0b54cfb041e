package io.faceembed.inference.landmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.Detection;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.FaceRef;
import io.faceembed.inference.PixelBox;
import org.junit.jupiter.api.Test;

class FaceApiAlignerTest {

    /** Eyes at (30,40) and (70,40), mouth at (50,70); every other point at (0,0). */
    private static float[] face() {
        float[] p = new float[136];
        for (int i = 36; i < 68; i++) {
            p[2 * i] = i < 42 ? 30 : i < 48 ? 70 : 50;
            p[2 * i + 1] = i < 48 ? 40 : 70;
        }
        return p;
    }

    @Test
    void dlibBoxIsEyeToMouthDistanceOverPoint45CentredAtHalfAcrossAnd43PercentDown() {
        // eye-mouth distance sqrt(20^2 + 30^2) = 36.06 -> side floor(80.12) = 80; centre (50, 50)
        // x = floor(50 - 40) = 10, y = floor(50 - 0.43 * 80) = floor(15.6) = 15
        assertArrayEquals(new int[] {10, 15, 80, 80}, FaceApiAligner.dlibRect(face(), 200, 200));
        // face-api caps the width at the landmark crop's width + x
        assertArrayEquals(new int[] {10, 15, 70, 80}, FaceApiAligner.dlibRect(face(), 60, 200));
    }

    @Test
    void chipIsTheAlignedBoxClippedAtTheImageResizedTo150() {
        DecodedImage img = DecodedImage.of(80, 90, new byte[80 * 90 * 3]);
        FaceRef ref = new FaceRef(img, new Detection(5, 5, 75, 85, 0.9f, null));
        FaceApiAligner aligner = new FaceApiAligner();
        assertEquals(new PixelBox(10, 15, 70, 75), aligner.chipBox(ref, face()));
        FaceChip chip = aligner.align(ref, face());
        assertEquals(150, chip.size());
        assertEquals("faceapi-align-v1", aligner.version());
    }

    @Test
    void withoutLandmarksTheDetectionBoxIsCut() {
        DecodedImage img = DecodedImage.of(80, 90, new byte[80 * 90 * 3]);
        FaceRef ref = new FaceRef(img, new Detection(5.5f, 6.2f, 70.9f, 85f, 0.9f, null));
        assertEquals(new PixelBox(5, 6, 65, 78), new FaceApiAligner().chipBox(ref, null));
    }

    @Test
    void aChipOfExactly150PixelsIsThePixelsThemselves() {
        byte[] rgb = new byte[160 * 160 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 31);
        }
        DecodedImage img = DecodedImage.of(160, 160, rgb);
        FaceRef ref = new FaceRef(img, new Detection(5, 5, 155, 155, 0.9f, null));
        float[] chw = new FaceApiAligner().chipTensor(ref, null);
        for (int y = 0; y < 150; y += 7) {
            for (int x = 0; x < 150; x += 11) {
                assertEquals(img.red(x + 5, y + 5), chw[y * 150 + x]);
                assertEquals(img.green(x + 5, y + 5), chw[22500 + y * 150 + x]);
                assertEquals(img.blue(x + 5, y + 5), chw[45000 + y * 150 + x]);
            }
        }
    }

    @Test
    void aFaceOutsideItsImageIsAClearError() {
        DecodedImage img = DecodedImage.of(80, 90, new byte[80 * 90 * 3]);
        FaceRef ref = new FaceRef(img, new Detection(100, 100, 150, 150, 0.9f, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FaceApiAligner().chipTensor(ref, null));
        assertEquals("face box (100.0, 100.0)-(150.0, 150.0) holds no pixel of the 80x90 image", e.getMessage());
    }
}
