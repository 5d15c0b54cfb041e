package io.faceembed.inference.landmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LandmarkProjectionTest {

    @Test
    void undoesTheCentredPaddingThenScalesByTheCropAndShiftsByTheDetection() {
        // crop 100x50 -> 112x56 inside the 112 square, 28 rows of padding above and below
        float[] raw = new float[136];
        raw[0] = 0.5f;
        raw[1] = 0.5f;
        raw[2] = 0f;
        raw[3] = 0.25f;
        raw[4] = 1f;
        raw[5] = 0.75f;
        float[] px = LandmarkProjection.toImage(raw, 0, 100, 50, 10.5, 20, 112);
        assertEquals(60.5f, px[0], 1e-4f);
        assertEquals(45f, px[1], 1e-4f);
        assertEquals(10.5f, px[2], 1e-4f);
        assertEquals(20f, px[3], 1e-4f);
        assertEquals(110.5f, px[4], 1e-4f);
        assertEquals(70f, px[5], 1e-4f);
    }

    @Test
    void aTallCropIsPaddedLeftAndRight() {
        float[] raw = new float[140];
        raw[4] = 0.25f;
        raw[5] = 0f;
        // crop 50 wide, 100 high: 56 x 112, 28 columns each side; output read at offset 4
        float[] px = LandmarkProjection.toImage(raw, 4, 50, 100, 0, 0, 112);
        assertEquals(0f, px[0], 1e-4f);
        assertEquals(0f, px[1], 1e-4f);
    }
}
