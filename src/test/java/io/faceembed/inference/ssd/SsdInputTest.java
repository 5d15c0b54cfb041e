package io.faceembed.inference.ssd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faceembed.imaging.DecodedImage;
import org.junit.jupiter.api.Test;

class SsdInputTest {

    private static final int S = SsdInput.SIZE;

    /** A 2x1 image: left pixel (100, 0, 0), right pixel (0, 200, 40). */
    private static final DecodedImage TWO_BY_ONE =
            DecodedImage.of(2, 1, new byte[] {100, 0, 0, 0, (byte) 200, 40});

    @Test
    void padsAtTheBottomAndResizesLikeTensorFlowsLegacyBilinear() {
        float[] batch = new float[SsdInput.VALUES_PER_IMAGE];
        SsdInput.fill(TWO_BY_ONE, SsdCanvas.of(TWO_BY_ONE), batch, 0);
        // The 2x1 image becomes a 2x2 square (a zero row below); source = destination * 2/512.
        assertEquals(100f, red(batch, 0, 0));                 // source (0, 0)
        assertEquals(50f, red(batch, 0, 128), 1e-4);          // source x 0.5: halfway to the right pixel
        assertEquals(200f, green(batch, 0, 256), 1e-4);       // source x 1.0: the right pixel
        assertEquals(200f, green(batch, 0, 511), 1e-4);       // past the last pixel: clamped to it
        assertEquals(12.5f, red(batch, 192, 128), 1e-4);      // source y 0.75: a quarter of 50 (x 0.5) above
        assertEquals(0f, red(batch, 256, 0));                 // the padding row
        assertEquals(40f, blue(batch, 0, 300), 1e-4);
    }

    @Test
    void fillsTheRequestedSlotOfABatch() {
        float[] batch = new float[2 * SsdInput.VALUES_PER_IMAGE];
        SsdInput.fill(TWO_BY_ONE, SsdCanvas.of(TWO_BY_ONE), batch, 1);
        assertEquals(0f, batch[0]);
        assertEquals(100f, batch[SsdInput.VALUES_PER_IMAGE]);
    }

    @Test
    void paddedCanvasPutsTheImageInTheMiddle() {
        DecodedImage white = DecodedImage.of(4, 4, filled(4 * 4 * 3, (byte) 255));
        SsdCanvas canvas = SsdCanvas.paddedByHalf(white);
        assertEquals(new SsdCanvas(8, 8, 2, 2), canvas);
        float[] batch = new float[SsdInput.VALUES_PER_IMAGE];
        SsdInput.fill(white, canvas, batch, 0);
        // Canvas 8 -> 512: one canvas pixel is 64 output pixels; the image covers canvas 2..5.
        assertEquals(0f, red(batch, 50, 50));
        assertEquals(255f, red(batch, 128, 128));
        assertEquals(255f, red(batch, 320, 320));
        assertEquals(127.5f, red(batch, 352, 200), 1e-3); // source y 5.5: between the last image row and padding
        assertEquals(0f, red(batch, 400, 200));
    }

    @Test
    void placesAnImagePixelForPixelInItsCellLeavingTheRestAlone() {
        float[] batch = new float[2 * SsdInput.VALUES_PER_IMAGE];
        batch[SsdInput.VALUES_PER_IMAGE + 5] = 7f;
        SsdCanvas lowerRight = new SsdMosaic(2).canvas(TWO_BY_ONE, 3);
        assertEquals(new SsdCanvas(S, S, 256 + 127, 256 + 127), lowerRight);
        SsdInput.place(TWO_BY_ONE, lowerRight, batch, 1);
        int o = SsdInput.VALUES_PER_IMAGE;
        assertEquals(100f, batch[o + 383 * S + 383]);
        assertEquals(0f, batch[o + SsdInput.PLANE + 383 * S + 383]);
        assertEquals(200f, batch[o + SsdInput.PLANE + 383 * S + 384]);
        assertEquals(40f, batch[o + 2 * SsdInput.PLANE + 383 * S + 384]);
        assertEquals(7f, batch[o + 5], "the rest of the slot is left as it was");
        assertEquals(0f, batch[o + 384 * S + 383]);
        assertEquals(0f, batch[383 * S + 383], "slot 0 untouched");
    }

    @Test
    void refusesToPlaceAnImageThatDoesNotFitAtItsOwnSize() {
        float[] slot = new float[SsdInput.VALUES_PER_IMAGE];
        assertThrows(IllegalArgumentException.class,
                () -> SsdInput.place(TWO_BY_ONE, new SsdCanvas(S, S, S - 1, 0), slot, 0));
        assertThrows(IllegalArgumentException.class, () -> SsdInput.place(TWO_BY_ONE, SsdCanvas.of(TWO_BY_ONE), slot, 0));
    }

    private static byte[] filled(int n, byte v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, v);
        return b;
    }

    private static float red(float[] batch, int y, int x) {
        return batch[y * S + x];
    }

    private static float green(float[] batch, int y, int x) {
        return batch[SsdInput.PLANE + y * S + x];
    }

    private static float blue(float[] batch, int y, int x) {
        return batch[2 * SsdInput.PLANE + y * S + x];
    }
}
