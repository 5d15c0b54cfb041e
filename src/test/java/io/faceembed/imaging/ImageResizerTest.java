package io.faceembed.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faceembed.imaging.ImageResizer.Layout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Expected values of the first two tests are those of TF.js's own resizeBilinear tests (alignCorners=false). */
class ImageResizerTest {

    @Test
    void twoByTwoToThreeByThreeMatchesTfjsResizeBilinear() {
        DecodedImage image = gray(2, 2, 2, 2, 4, 4);
        float[] out = new float[9 * 3];

        ImageResizer.resize(image, 3, 3, out, 0, Layout.HWC);

        float third = 10f / 3;
        assertArrayEquals(new float[] {2, 2, 2, third, third, third, 4, 4, 4}, channel(out, 0), 1e-5f);
        assertArrayEquals(channel(out, 0), channel(out, 2), 0f);
    }

    @Test
    void oneByFiveToOneByTenRepeatsTheLastColumnLikeTfjs() {
        DecodedImage image = gray(5, 1, 1, 2, 3, 4, 5);
        float[] out = new float[10 * 3];

        ImageResizer.resize(image, 10, 1, out, 0, Layout.HWC);

        assertArrayEquals(new float[] {1, 1.5f, 2, 2.5f, 3, 3.5f, 4, 4.5f, 5, 5}, channel(out, 1), 1e-6f);
    }

    @Test
    void resizingToTheSameSizeGivesTheSamePixels() throws ImageDecodeException {
        DecodedImage image = new ImageDecoder().decode(SharedImages.read(SharedImages.peopleJpegs().get(0)), "p");
        float[] out = new float[image.rgb().length];

        ImageResizer.resize(image, image.width(), image.height(), out, 0, Layout.HWC);

        for (int i = 0; i < out.length; i++) {
            assertEquals(image.rgb()[i] & 0xff, out[i], 0f);
        }
        assertArrayEquals(image.rgb(), ImageResizer.resize(image, image.width(), image.height()).rgb());
    }

    @Test
    void eightBitChwOutputIsTheFloatOutputRoundedToWholeValues() throws ImageDecodeException {
        DecodedImage image = new ImageDecoder().decode(SharedImages.read(SharedImages.peopleJpegs().get(0)), "p");
        float[] floats = new float[3 * 97 * 61];
        byte[] bytes = new byte[3 + 3 * 97 * 61];
        ImageResizer.cropResize(image, -10, 5, 180, 170, 97, 61, floats, 0, ImageResizer.Layout.CHW);
        ImageResizer.cropResizeChw(image, -10, 5, 180, 170, 97, 61, bytes, 3);
        for (int i = 0; i < floats.length; i++) {
            assertEquals(Math.round(floats[i]), bytes[3 + i] & 0xff, "value " + i);
        }
    }

    @Test
    void boxReachingBeyondTheImageIsBlackOutside() {
        DecodedImage image = gray(2, 2, 10, 20, 30, 40);
        float[] out = new float[16 * 3];

        ImageResizer.cropResize(image, -1, -1, 4, 4, 4, 4, out, 0, Layout.HWC);

        assertArrayEquals(new float[] {
            0, 0, 0, 0,
            0, 10, 20, 0,
            0, 30, 40, 0,
            0, 0, 0, 0}, channel(out, 0), 0f);
    }

    @Test
    void cropOfABoxEqualsResizingTheZeroPaddedImage() {
        Random random = new Random(3);
        byte[] rgb = new byte[7 * 5 * 3];
        random.nextBytes(rgb);
        DecodedImage image = DecodedImage.of(7, 5, rgb);
        // the same box built by hand: 12x12, the image placed at (2, 3), zeros elsewhere
        byte[] padded = new byte[12 * 12 * 3];
        for (int y = 0; y < 5; y++) {
            System.arraycopy(rgb, y * 7 * 3, padded, ((y + 3) * 12 + 2) * 3, 7 * 3);
        }
        float[] cropped = new float[9 * 9 * 3];
        float[] reference = new float[9 * 9 * 3];

        ImageResizer.cropResize(image, -2, -3, 12, 12, 9, 9, cropped, 0, Layout.HWC);
        ImageResizer.resize(DecodedImage.of(12, 12, padded), 9, 9, reference, 0, Layout.HWC);

        assertArrayEquals(reference, cropped, 0f);
    }

    @Test
    void anyBoxAndSizeMatchesTheTfjsFormulaAppliedPixelByPixel() {
        Random random = new Random(11);
        for (int trial = 0; trial < 40; trial++) {
            int w = 1 + random.nextInt(40);
            int h = 1 + random.nextInt(40);
            byte[] rgb = new byte[w * h * 3];
            random.nextBytes(rgb);
            DecodedImage image = DecodedImage.of(w, h, rgb);
            int boxX = random.nextInt(20) - 10;
            int boxY = random.nextInt(20) - 10;
            int boxW = 1 + random.nextInt(50);
            int boxH = 1 + random.nextInt(50);
            int outW = 1 + random.nextInt(60);
            int outH = 1 + random.nextInt(60);
            float[] out = new float[outW * outH * 3];

            ImageResizer.cropResize(image, boxX, boxY, boxW, boxH, outW, outH, out, 0, Layout.HWC);

            for (int y = 0; y < outH; y++) {
                for (int x = 0; x < outW; x++) {
                    for (int c = 0; c < 3; c++) {
                        float expected = tfjsReference(image, boxX, boxY, boxW, boxH, outW, outH, x, y, c);
                        assertEquals(expected, out[(y * outW + x) * 3 + c], 1e-3f, "trial " + trial);
                    }
                }
            }
        }
    }

    /** tf.image.resizeBilinear(pad(image), [outH, outW], false, false) at one output value, written out plainly. */
    private static float tfjsReference(DecodedImage image, int boxX, int boxY, int boxW, int boxH, int outW,
                                       int outH, int x, int y, int c) {
        double sy = (double) boxH / outH * y;
        double sx = (double) boxW / outW * x;
        int y0 = (int) Math.floor(sy);
        int x0 = (int) Math.floor(sx);
        int y1 = Math.min(boxH - 1, (int) Math.ceil(sy));
        int x1 = Math.min(boxW - 1, (int) Math.ceil(sx));
        double fy = sy - y0;
        double fx = sx - x0;
        double tl = padded(image, boxX + x0, boxY + y0, c);
        double tr = padded(image, boxX + x1, boxY + y0, c);
        double bl = padded(image, boxX + x0, boxY + y1, c);
        double br = padded(image, boxX + x1, boxY + y1, c);
        double top = tl + (tr - tl) * fx;
        double bottom = bl + (br - bl) * fx;
        return (float) (top + (bottom - top) * fy);
    }

    private static double padded(DecodedImage image, int x, int y, int c) {
        if (x < 0 || y < 0 || x >= image.width() || y >= image.height()) {
            return 0;
        }
        return image.rgb()[(y * image.width() + x) * 3 + c] & 0xff;
    }

    @Test
    void channelFirstLayoutHoldsTheSameValuesAsChannelLast() {
        Random random = new Random(5);
        byte[] rgb = new byte[30 * 20 * 3];
        random.nextBytes(rgb);
        DecodedImage image = DecodedImage.of(30, 20, rgb);
        float[] hwc = new float[11 * 13 * 3];
        float[] chw = new float[5 + 11 * 13 * 3];

        ImageResizer.cropResize(image, 3, -4, 25, 22, 11, 13, hwc, 0, Layout.HWC);
        ImageResizer.cropResize(image, 3, -4, 25, 22, 11, 13, chw, 5, Layout.CHW);

        for (int y = 0; y < 13; y++) {
            for (int x = 0; x < 11; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(hwc[(y * 11 + x) * 3 + c], chw[5 + c * 11 * 13 + y * 11 + x], 0f);
                }
            }
        }
    }

    @Test
    void byteResultIsTheFloatResultRoundedToNearest() {
        DecodedImage image = gray(2, 2, 2, 2, 4, 4);

        DecodedImage out = ImageResizer.resize(image, 3, 3);

        assertEquals(3, out.red(0, 1)); // 3.33
        assertEquals(4, out.red(0, 2));
        assertEquals(1.0, out.scale());
    }

    private static DecodedImage gray(int width, int height, int... values) {
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0; i < values.length; i++) {
            rgb[i * 3] = (byte) values[i];
            rgb[i * 3 + 1] = (byte) values[i];
            rgb[i * 3 + 2] = (byte) values[i];
        }
        return DecodedImage.of(width, height, rgb);
    }

    private static float[] channel(float[] hwc, int c) {
        float[] out = new float[hwc.length / 3];
        for (int i = 0; i < out.length; i++) {
            out[i] = hwc[i * 3 + c];
        }
        return out;
    }
}
