package io.faceembed.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.inference.Detection;
import io.faceembed.inference.Face;
import java.util.List;
import org.junit.jupiter.api.Test;

class CentralFaceTest {

    private static Face face(int index, float x1, float y1, float x2, float y2) {
        return new Face(index, new Detection(x1, y1, x2, y2, 0.9f, null), null, new float[] {1});
    }

    @Test
    void largestFaceCoveringTheCentreWinsOverALargerFaceAside() {
        Face aside = face(0, 0, 0, 100, 240);        // larger, but not over the centre (125,125)
        Face small = face(1, 110, 110, 140, 140);
        Face central = face(2, 80, 70, 170, 180);
        assertEquals(2, CentralFace.pick(List.of(aside, small, central), 250, 250).orElseThrow().index());
    }

    @Test
    void withoutAFaceOverTheCentreTheNearestOneWins() {
        Face far = face(0, 0, 0, 60, 60);
        Face near = face(1, 140, 140, 180, 180);
        assertEquals(1, CentralFace.pick(List.of(far, near), 250, 250).orElseThrow().index());
    }

    @Test
    void noFacesGiveNothing() {
        assertTrue(CentralFace.pick(List.of(), 250, 250).isEmpty());
    }
}
