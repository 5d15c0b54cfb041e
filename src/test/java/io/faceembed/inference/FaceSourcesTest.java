package io.faceembed.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.imaging.ImageDecodeException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which decode each face is cut from, and where its box lands there. */
class FaceSourcesTest {

    private final List<Integer> asked = new ArrayList<>();

    /** A 504x378 image at scale 8 (a 12 MP photo at 1/8) whose finer decodes record the step asked for. */
    private DecodedImage working() {
        return new DecodedImage(504, 378, new byte[504 * 378 * 3], 8, step -> {
            asked.add(step);
            return new DecodedImage(ceilDiv(4032, step), ceilDiv(3024, step), new byte[ceilDiv(4032, step)
                    * ceilDiv(3024, step) * 3], step);
        });
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static Detection box(float x, float y, float side) {
        return new Detection(x, y, x + side, y + side, 0.9f, new float[] {x + 1, y + 2});
    }

    @Test
    void facesLargeEnoughAreCutFromTheImageItself() {
        DecodedImage image = working();
        Detection face = box(10, 10, 160);
        List<FaceRef> refs = FaceSources.of(image, List.of(face, box(300, 100, 200)));

        assertEquals(List.of(), asked);
        assertSame(image, refs.get(0).image());
        assertSame(face, refs.get(0).detection());
    }

    @Test
    void theSmallestFaceSetsOneFinerDecodeForAllFacesOfTheImage() {
        // 40 pixels at 1/8 are 320 in the file: 1/2 gives 160
        List<FaceRef> refs = FaceSources.of(working(), List.of(box(10, 10, 40), box(300, 100, 200)));

        assertEquals(List.of(2), asked);
        assertEquals(2.0, refs.get(0).image().scale());
        assertSame(refs.get(0).image(), refs.get(1).image());
        Detection small = refs.get(0).detection();
        assertEquals(40f, small.x1());
        assertEquals(200f, small.x2());
        assertArrayEquals(new float[] {44, 48}, small.landmarks5());
        assertEquals(1200f, refs.get(1).detection().x1());
    }

    @Test
    void stepsAreHalvingsAndATinyFaceAsksForTheFullSize() {
        FaceSources.of(working(), List.of(box(0, 0, 100)));  // 800 in the file: 1/5 would do, 1/4 it is
        FaceSources.of(working(), List.of(box(0, 0, 12)));   // 96 in the file: full size
        assertEquals(List.of(4, 1), asked);
    }

    @Test
    void aFailedFinerDecodeKeepsTheFacesOnTheWorkingImage() {
        DecodedImage image = new DecodedImage(504, 378, new byte[504 * 378 * 3], 8, step -> {
            throw new ImageDecodeException("x.jpg: gone");
        });
        Detection face = box(10, 10, 40);
        List<FaceRef> refs = FaceSources.of(image, List.of(face));

        assertSame(image, refs.get(0).image());
        assertSame(face, refs.get(0).detection());
    }

    @Test
    void anImageAtItsOwnSizeIsNeverDecodedAgain() {
        DecodedImage lfw = DecodedImage.of(250, 250, new byte[250 * 250 * 3]);
        List<FaceRef> refs = FaceSources.of(lfw, List.of(box(70, 70, 40)));
        assertSame(lfw, refs.get(0).image());
    }
}
