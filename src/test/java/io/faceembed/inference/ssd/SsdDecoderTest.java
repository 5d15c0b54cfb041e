package io.faceembed.inference.ssd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

class SsdDecoderTest {

    /** 100x50: padded to a 100x100 square, so relative square coordinates times 100 are pixels. */
    private static final DecodedImage WIDE = DecodedImage.of(100, 50, new byte[100 * 50 * 3]);

    // y1, x1, y2, x2 relative to the square; the second box reaches below the image into the padding.
    private static final float[] BOXES = {0.1f, 0.2f, 0.4f, 0.6f, 0.3f, 0.7f, 0.6f, 1.2f};
    private static final float[] SCORES = {0.9f, 0.8f};

    @Test
    void mapsSquareCoordinatesToImagePixelsLikeFaceApi() {
        List<Detection> faces = new SsdDecoder(SsdSettings.faceApiParity())
                .decode(BOXES, SCORES, 0, 2, WIDE, SsdCanvas.of(WIDE));
        assertBox(faces.get(0), 20, 10, 60, 40, 0.9f);
        // face-api clips to the square (x2 1.2 -> 1.0) but not to the image (y2 60 > 50).
        assertBox(faces.get(1), 70, 30, 100, 60, 0.8f);
    }

    @Test
    void productionClipsBoxesToTheImage() {
        List<Detection> faces = new SsdDecoder(SsdSettings.defaults())
                .decode(BOXES, SCORES, 0, 2, WIDE, SsdCanvas.of(WIDE));
        assertBox(faces.get(1), 70, 30, 100, 50, 0.8f);
    }

    @Test
    void paddedRetryBoxesAreShiftedBackToTheImage() {
        // Canvas 200x100 with the image at (50, 25): square side 200.
        SsdCanvas canvas = SsdCanvas.paddedByHalf(WIDE);
        float[] boxes = {0.15f, 0.3f, 0.3f, 0.5f};
        List<Detection> faces = new SsdDecoder(SsdSettings.defaults())
                .decode(boxes, new float[] {0.7f}, 0, 1, WIDE, canvas);
        assertBox(faces.get(0), 10, 5, 50, 35, 0.7f);
    }

    @Test
    void aBoxEntirelyInThePaddingIsDropped() {
        SsdCanvas canvas = SsdCanvas.paddedByHalf(WIDE);
        float[] boxes = {0.0f, 0.0f, 0.1f, 0.2f};
        assertEquals(List.of(), new SsdDecoder(SsdSettings.defaults())
                .decode(boxes, new float[] {0.7f}, 0, 1, WIDE, canvas));
    }

    private static void assertBox(Detection d, float x1, float y1, float x2, float y2, float score) {
        assertEquals(x1, d.x1(), 1e-3);
        assertEquals(y1, d.y1(), 1e-3);
        assertEquals(x2, d.x2(), 1e-3);
        assertEquals(y2, d.y2(), 1e-3);
        assertEquals(score, d.score());
    }
}
