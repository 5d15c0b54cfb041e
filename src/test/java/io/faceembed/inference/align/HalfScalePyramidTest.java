package io.faceembed.inference.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.PixelBox;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HalfScalePyramidTest {

    @Test
    void aLevelHasHalfOfTheSidesLessThreeAndAFlatImageStaysFlat() {
        byte[] rgb = new byte[21 * 12 * 3];
        Arrays.fill(rgb, (byte) 200);
        DecodedImage down = HalfScalePyramid.down(DecodedImage.of(21, 12, rgb));
        assertEquals(9, down.width());
        assertEquals(4, down.height());
        for (byte b : down.rgb()) {
            assertEquals(200, b & 0xff);
        }
    }

    @Test
    void onePointSpreadsAsTheBinomialFilterAndTheSumIsTruncated() {
        // a point of 255 at (6, 6): result pixel (2, 2) is centred on it and gets 255 * 6 * 6 / 256 = 35.86 -> 35;
        // (1, 2) is centred two source pixels away across (weight 1 * 6): 255 * 6 / 256 = 5.98 -> 5
        byte[] rgb = new byte[13 * 13 * 3];
        int at = (6 * 13 + 6) * 3;
        rgb[at] = (byte) 255;
        DecodedImage down = HalfScalePyramid.down(DecodedImage.of(13, 13, rgb));
        assertEquals(5, down.width());
        assertEquals(35, down.red(2, 2));
        assertEquals(5, down.red(1, 2));
        assertEquals(5, down.red(2, 3));
        assertEquals(0, down.green(2, 2));
        assertEquals(0, down.red(0, 0));
    }

    @Test
    void tooSmallAnImageHasNoLevelBelow() {
        assertNull(HalfScalePyramid.down(DecodedImage.of(8, 40, new byte[8 * 40 * 3])));
    }

    @Test
    void aCropCopiesTheBoxsPixels() {
        byte[] rgb = new byte[4 * 3 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) i;
        }
        DecodedImage crop = HalfScalePyramid.crop(DecodedImage.of(4, 3, rgb), new PixelBox(1, 1, 2, 2));
        assertEquals(15, crop.red(0, 0)); // source (1, 1): (1 * 4 + 1) * 3
        assertEquals(32, crop.blue(1, 1)); // source (2, 2): (2 * 4 + 2) * 3 + 2
    }
}
