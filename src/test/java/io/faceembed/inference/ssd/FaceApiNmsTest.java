package io.faceembed.inference.ssd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaceApiNmsTest {

    // y1, x1, y2, x2 per box.
    private static final float[] BOXES = {
        0, 0, 1, 1,          // 0: unit square
        0, 0.1f, 1, 1.1f,    // 1: shifted by 0.1: IoU with 0 = 0.9 / 1.1 = 0.82
        0, 0.5f, 1, 1.5f,    // 2: shifted by 0.5: IoU with 0 = 0.5 / 1.5 = 0.33, with 1 = 0.6 / 1.4 = 0.43
        0, 0, 1, 2,          // 3: twice as wide: IoU with 0 = 1 / 2 = 0.5 exactly (kept: not above)
        5, 5, 6, 6,          // 4: far away, but scores below the threshold
        1, 1, 0, 0,          // 5: unit square with its corners swapped: same as 0
    };

    @Test
    void keepsBestFirstAndDropsBoxesOverlappingAKeptOneByMoreThanTheThreshold() {
        float[] scores = {0.9f, 0.8f, 0.7f, 0.6f, 0.4f, 0.85f};
        List<Integer> kept = FaceApiNms.select(BOXES, 0, scores, 0, 6, 100, 0.5, 0.5);
        // 0 kept; 5 (= 0 reversed, IoU 1) dropped; 1 dropped (0.82 with 0); 2 kept (0.33 with 0);
        // 3: IoU with 2 = 1 / 2 = 0.5, with 0 = 0.5: kept; 4 below the score threshold.
        assertEquals(List.of(0, 2, 3), kept);
    }

    @Test
    void scoreEqualToTheThresholdIsNotEnough() {
        float[] scores = {0.5f, 0, 0, 0, 0.51f, 0};
        assertEquals(List.of(4), FaceApiNms.select(BOXES, 0, scores, 0, 6, 100, 0.5, 0.5));
    }

    @Test
    void stopsAtMaxResults() {
        float[] scores = {0.9f, 0, 0.7f, 0, 0.95f, 0};
        assertEquals(List.of(4, 0), FaceApiNms.select(BOXES, 0, scores, 0, 6, 2, 0.5, 0.5));
    }

    @Test
    void equalScoresKeepAnchorOrder() {
        float[] scores = {0, 0, 0.7f, 0, 0.7f, 0};
        assertEquals(List.of(2, 4), FaceApiNms.select(BOXES, 0, scores, 0, 6, 100, 0.5, 0.5));
    }

    @Test
    void readsOneImageOfABatchThroughOffsets() {
        float[] boxes = new float[48];
        System.arraycopy(BOXES, 0, boxes, 24, 24);
        float[] scores = {0.99f, 0.99f, 0.99f, 0.99f, 0.99f, 0.99f, 0.9f, 0.8f, 0, 0, 0, 0};
        assertEquals(List.of(0), FaceApiNms.select(boxes, 24, scores, 6, 6, 100, 0.5, 0.5));
    }

    @Test
    void emptyBoxesNeverSuppress() {
        float[] boxes = {0, 0, 1, 1, 0.5f, 0.5f, 0.5f, 0.5f};
        float[] scores = {0.9f, 0.8f};
        assertEquals(List.of(0, 1), FaceApiNms.select(boxes, 0, scores, 0, 2, 100, 0.5, 0.5));
    }
}
