package io.faceembed.inference.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.PixelBox;
import org.junit.jupiter.api.Test;

class ChipSamplerTest {

    /** A grey image (r = g = b) holding the given rows. */
    private static DecodedImage grey(int[][] rows) {
        int h = rows.length;
        int w = rows[0].length;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    rgb[(y * w + x) * 3 + c] = (byte) rows[y][x];
                }
            }
        }
        return DecodedImage.of(w, h, rgb);
    }

    private static float[] redPlane(float[] chw, int size) {
        return java.util.Arrays.copyOf(chw, size * size);
    }

    @Test
    void centredPaddingPutsHalfTheBlackRowsAboveAndHalfBelow() {
        DecodedImage img = grey(new int[][] {{1, 2, 3, 4}, {5, 6, 7, 8}});
        float[] out = new float[3 * 16];
        ChipSampler.resizeBox(img, new PixelBox(0, 0, 4, 2), true, 4, out, 0);
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0}, redPlane(out, 4));
    }

    @Test
    void anOddPaddingPixelGoesAfterTheImageAsInFaceApi() {
        DecodedImage img = grey(new int[][] {{1, 2}, {3, 4}, {5, 6}});
        float[] out = new float[3 * 9];
        ChipSampler.resizeBox(img, new PixelBox(0, 0, 2, 3), true, 3, out, 0);
        assertArrayEquals(new float[] {1, 2, 0, 3, 4, 0, 5, 6, 0}, redPlane(out, 3));
    }

    @Test
    void uncentredPaddingGoesAllAfter() {
        DecodedImage img = grey(new int[][] {{1, 2, 3, 4}, {5, 6, 7, 8}});
        float[] out = new float[3 * 16];
        ChipSampler.resizeBox(img, new PixelBox(0, 0, 4, 2), false, 4, out, 0);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0}, redPlane(out, 4));
    }

    @Test
    void upscalingInterpolatesWithoutHalfPixelCentresAndRepeatsTheLastPixel() {
        // tf.image.resizeBilinear(alignCorners=false, halfPixelCenters=false): source = i * 2/4 = 0, .5, 1, 1.5
        DecodedImage img = grey(new int[][] {{10, 20}, {30, 40}});
        float[] out = new float[3 * 16];
        ChipSampler.resizeBox(img, new PixelBox(0, 0, 2, 2), true, 4, out, 0);
        assertArrayEquals(new float[] {
            10, 15, 20, 20,
            20, 25, 30, 30,
            30, 35, 40, 40,
            30, 35, 40, 40}, redPlane(out, 4));
    }

    @Test
    void downscalingByTwoTakesEveryOtherPixelOfTheCropAndWritesAtTheOffset() {
        DecodedImage img = grey(new int[][] {
            {9, 9, 9, 9, 9},
            {9, 1, 2, 3, 4},
            {9, 5, 6, 7, 8},
            {9, 9, 10, 11, 12},
            {9, 13, 14, 15, 16}});
        float[] out = new float[5 + 3 * 4];
        ChipSampler.resizeBox(img, new PixelBox(1, 1, 4, 4), true, 2, out, 5);
        assertArrayEquals(new float[] {1, 3, 9, 11}, java.util.Arrays.copyOfRange(out, 5, 9));
        assertArrayEquals(new float[] {1, 3, 9, 11}, java.util.Arrays.copyOfRange(out, 13, 17), "blue plane");
    }

    @Test
    void channelsComeOutAsPlanesInRgbOrder() {
        DecodedImage img = DecodedImage.of(1, 1, new byte[] {(byte) 200, 100, 50});
        float[] out = new float[3];
        ChipSampler.resizeBox(img, new PixelBox(0, 0, 1, 1), true, 1, out, 0);
        assertArrayEquals(new float[] {200, 100, 50}, out);
    }

    @Test
    void aBoxReachingOutOfTheImageIsRefused() {
        DecodedImage img = grey(new int[][] {{1, 2}, {3, 4}});
        assertThrows(IllegalArgumentException.class,
                () -> ChipSampler.resizeBox(img, new PixelBox(1, 0, 2, 2), true, 2, new float[12], 0));
    }

    @Test
    void warpReadsTheImageThroughTheMapWithPixelCentresOnIntegers() {
        DecodedImage img = grey(new int[][] {{10, 20, 30}, {40, 50, 60}, {70, 80, 90}});
        // chip (u, v) reads image (0.5 + u, 0.5 + v): the mean of four pixels
        FaceChip chip = ChipSampler.warp(img, new AffineMap(1, 0, 0.5, 0, 1, 0.5), 2, SamplingRule.ZERO_BORDER);
        assertArrayEquals(new float[] {30, 40, 60, 70}, redPlane(chip.chw(), 2));
    }

    @Test
    void atTheEdgeZeroBorderBlendsInBlackWhereDlibWritesBlack() {
        DecodedImage img = grey(new int[][] {{100, 100}, {100, 100}});
        // u = 0 reads x = 1.5: half on the image's last column, half outside it
        AffineMap map = new AffineMap(1, 0, 1.5, 0, 1, 0);
        assertEquals(50f, ChipSampler.warp(img, map, 1, SamplingRule.ZERO_BORDER).chw()[0]);
        assertEquals(0f, ChipSampler.warp(img, map, 1, SamplingRule.DLIB).chw()[0]);
    }

    @Test
    void dlibSamplingTruncatesToWholeValuesAsAByteImageStoresThem() {
        DecodedImage img = grey(new int[][] {{10, 11}, {10, 11}});
        AffineMap at = new AffineMap(0, 0, 0.7, 0, 0, 0.5);
        assertEquals(10.7f, ChipSampler.warp(img, at, 1, SamplingRule.ZERO_BORDER).chw()[0], 1e-5);
        assertEquals(10f, ChipSampler.warp(img, at, 1, SamplingRule.DLIB).chw()[0]);
    }

    @Test
    void warpLeavesTheChipOutsideItsWindowBlack() {
        DecodedImage img = grey(new int[][] {{100, 100, 100}, {100, 100, 100}, {100, 100, 100}});
        FaceChip chip = ChipSampler.warp(img, new AffineMap(1, 0, 0, 0, 1, 0), 3, SamplingRule.ZERO_BORDER, 1, 0, 2,
                3);
        assertArrayEquals(new float[] {0, 100, 0, 0, 100, 0, 0, 100, 0}, redPlane(chip.chw(), 3));
    }

    @Test
    void faceApiClipsAtTheBordersThenFloorsEachValue() {
        assertEquals(new PixelBox(0, 10, 80, 29), PixelBox.clipLikeFaceApi(-5.5, 10.2, 100, 50, 80, 40));
        assertEquals(new PixelBox(3, 4, 10, 10), PixelBox.clipLikeFaceApi(3.7, 4.2, 10.9, 10.5, 80, 40));
        assertNull(PixelBox.clipLikeFaceApi(85, 10, 20, 20, 80, 40));
        assertNull(PixelBox.clipLikeFaceApi(-30, 10, 20.5, 20, 80, 40));
    }
}
