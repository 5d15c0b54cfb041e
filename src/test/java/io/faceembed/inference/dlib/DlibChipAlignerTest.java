package io.faceembed.inference.dlib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.Detection;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.FaceRef;
import io.faceembed.inference.align.AffineMap;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class DlibChipAlignerTest {

    private static final int SIZE = DlibChipAligner.CHIP_SIZE;
    /** Landmarks are floats: the fitted similarity carries their rounding, a few parts in ten million. */
    private static final double TOLERANCE = 1e-5;
    private static final DlibChipAligner ALIGNER = new DlibChipAligner(DlibChipAligner.Fit.POINTS_68);

    @Test
    void theMeanFaceIsPaddedByAQuarterOfItsExtentOnEverySide() {
        // nose tip, iBUG 30: mean (0.490127, 0.515625); (0.25 + m) / 1.5 * 150
        float[] chip = DlibMeanFace.chipPoints68(SIZE, 0.25);
        int at = indexOf(DlibMeanFace.POINTS_68, 30);
        assertEquals(74.0127, chip[2 * at], 1e-4);
        assertEquals(76.5625, chip[2 * at + 1], 1e-4);
        assertEquals(33, DlibMeanFace.POINTS_68.length, "nose, eyes and lips without the lower lip");
    }

    @Test
    void anUprightFaceOneAndAHalfTimesTheChipMapsItsCornersByHand() {
        // landmarks = 1.5 x mean face in chip pixels + (10, 20): similarity scale 1.5, no turn, and the chip's
        // centre (75, 75) lands on (122.5, 132.5). dlib's rectangle is 225 wide, so its first and last pixel
        // centres lie 224 apart: chip pixel 0 reads 122.5 - 112 and pixel 149 reads 122.5 + 112.
        DlibChipDetails d = details(placed(1.5, 0, 10, 20));
        assertEquals(122.5, d.centreX(), TOLERANCE);
        assertEquals(132.5, d.centreY(), TOLERANCE);
        assertEquals(1.5, d.scale(), TOLERANCE);
        assertEquals(0, d.angle(), TOLERANCE);
        AffineMap m = d.chipToImage();
        assertEquals(10.5, m.x(0, 0), TOLERANCE);
        assertEquals(20.5, m.y(0, 0), TOLERANCE);
        assertEquals(234.5, m.x(149, 149), TOLERANCE);
        assertEquals(244.5, m.y(149, 149), TOLERANCE);
        assertEquals(0, d.halvings(), "no pyramid below twice the chip's size");
    }

    @Test
    void aTurnedFaceIsTurnedBackAboutTheChipCentre() {
        double turn = Math.toRadians(30);
        DlibChipDetails d = details(placed(1.0, turn, 200, 100));
        assertEquals(turn, d.angle(), TOLERANCE);
        // with scale 1 one chip pixel spans (150 - 1) / 149 = 1 image pixel; chip (149, 74.5) lies 74.5 to the
        // right of the centre along the turned x axis
        AffineMap m = d.chipToImage();
        double[] centre = {m.x(74.5, 74.5), m.y(74.5, 74.5)};
        assertEquals(centre[0] + 74.5 * Math.cos(turn), m.x(149, 74.5), TOLERANCE);
        assertEquals(centre[1] + 74.5 * Math.sin(turn), m.y(149, 74.5), TOLERANCE);
    }

    @Test
    void facesMoreThanTwiceTheChipGoDownThePyramid() {
        assertEquals(0, details(placed(1.99, 0, 0, 0)).halvings());
        assertEquals(1, details(placed(2.01, 0, 0, 0)).halvings());
        assertEquals(2, details(placed(4.5, 0, 0, 0)).halvings());
    }

    /**
     * dlib 19.24 itself (Debian's libdlib-dev, {@code get_face_chip_details(shape, 150, 0.25)} and
     * {@code extract_image_chip}, scripts/dlib-reference) cut these chips from an LFW portrait and from the same
     * portrait enlarged threefold, which goes through one pyramid level. Ours must be the same, value for value.
     */
    @Test
    void chipsMatchTheOnesDlibCutsValueForValue() throws IOException {
        DecodedImage face = png("face.png");
        float[] landmarks = landmarks();
        assertArrayEquals(planar(png("face-chip.png")), chip(face, landmarks).chw());

        DecodedImage enlarged = enlarged(face, 3);
        float[] scaled = landmarks.clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 3;
        }
        assertEquals(1, ALIGNER.details(new FaceRef(enlarged, anyBox()), scaled).halvings());
        assertArrayEquals(planar(png("face-3x-chip.png")), chip(enlarged, scaled).chw());
    }

    @Test
    void whereTheChipLeavesTheImageItIsBlackAsInDlib() throws IOException {
        DecodedImage face = png("face.png");
        float[] landmarks = landmarks();
        for (int i = 0; i < landmarks.length; i += 2) {
            landmarks[i] -= 100; // the face moved left: the chip's left part lies off the image
        }
        FaceChip chip = chip(face, landmarks);
        int plane = SIZE * SIZE;
        for (int v = 0; v < SIZE; v += 10) {
            assertEquals(0f, chip.chw()[v * SIZE], "left column, row " + v);
            assertEquals(0f, chip.chw()[2 * plane + v * SIZE], "left column, blue, row " + v);
        }
        float right = 0;
        for (int v = 0; v < SIZE; v++) {
            right += chip.chw()[v * SIZE + SIZE - 1];
        }
        assertTrue(right > 0, "the right column is still on the image");
    }

    @Test
    void theFiveAndBoxFitsPlaceTheChipFromOtherEvidence() throws IOException {
        DecodedImage face = png("face.png");
        float[] landmarks = landmarks();
        FaceRef ref = new FaceRef(face, anyBox());
        DlibChipDetails from68 = ALIGNER.details(ref, landmarks);
        DlibChipDetails from5 = new DlibChipAligner(DlibChipAligner.Fit.POINTS_5).details(ref, landmarks);
        // two fits of the same face: within a few pixels and degrees of each other
        assertEquals(from68.centreX(), from5.centreX(), 4);
        assertEquals(from68.centreY(), from5.centreY(), 4);
        assertEquals(from68.scale(), from5.scale(), 0.1 * from68.scale());
        DlibChipDetails fromBox = new DlibChipAligner(DlibChipAligner.Fit.BOX).details(
                new FaceRef(face, new Detection(50, 60, 150, 180, 0.9f, null)), landmarks);
        assertEquals(0, fromBox.angle(), 1e-12);
        assertEquals(100.0, fromBox.centreX(), 1e-3);
        assertEquals(120.0, fromBox.centreY(), 1e-3);
    }

    @Test
    void eachFitHasItsOwnVersion() {
        assertNotEquals(ALIGNER.version(), new DlibChipAligner(DlibChipAligner.Fit.POINTS_5).version());
        assertNotEquals(ALIGNER.version(), new DlibChipAligner(DlibChipAligner.Fit.BOX).version());
    }

    private static FaceChip chip(DecodedImage image, float[] landmarks) {
        return ALIGNER.align(new FaceRef(image, anyBox()), landmarks);
    }

    private static DlibChipDetails details(float[] landmarks68) {
        return ALIGNER.details(new FaceRef(DecodedImage.of(1, 1, new byte[3]), anyBox()), landmarks68);
    }

    private static Detection anyBox() {
        return new Detection(0, 0, 10, 10, 0.9f, null);
    }

    /** 68 points whose fitted ones are the mean face scaled, turned and moved; the others are left at 0. */
    private static float[] placed(double scale, double turn, double dx, double dy) {
        float[] chip = DlibMeanFace.chipPoints68(SIZE, DlibChipAligner.PADDING);
        float[] points = new float[136];
        double cos = Math.cos(turn);
        double sin = Math.sin(turn);
        for (int i = 0; i < DlibMeanFace.POINTS_68.length; i++) {
            double x = chip[2 * i];
            double y = chip[2 * i + 1];
            int p = DlibMeanFace.POINTS_68[i];
            points[2 * p] = (float) (scale * (cos * x - sin * y) + dx);
            points[2 * p + 1] = (float) (scale * (sin * x + cos * y) + dy);
        }
        return points;
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        throw new AssertionError(value + " not in " + Arrays.toString(values));
    }

    private static float[] landmarks() throws IOException {
        try (InputStream in = DlibChipAlignerTest.class.getResourceAsStream("/dlib-chips/face-landmarks.txt")) {
            String[] values = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
            float[] out = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = Float.parseFloat(values[i]);
            }
            return out;
        }
    }

    private static DecodedImage png(String name) throws IOException {
        try (InputStream in = DlibChipAlignerTest.class.getResourceAsStream("/dlib-chips/" + name)) {
            BufferedImage image = ImageIO.read(in);
            byte[] rgb = new byte[image.getWidth() * image.getHeight() * 3];
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    int p = image.getRGB(x, y);
                    int at = (y * image.getWidth() + x) * 3;
                    rgb[at] = (byte) (p >> 16);
                    rgb[at + 1] = (byte) (p >> 8);
                    rgb[at + 2] = (byte) p;
                }
            }
            return DecodedImage.of(image.getWidth(), image.getHeight(), rgb);
        }
    }

    private static float[] planar(DecodedImage image) {
        int plane = image.width() * image.height();
        float[] out = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                out[c * plane + p] = image.rgb()[3 * p + c] & 0xff;
            }
        }
        return out;
    }

    /** Each pixel repeated k times across and down. */
    private static DecodedImage enlarged(DecodedImage image, int k) {
        int w = image.width() * k;
        int h = image.height() * k;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(image.rgb(), ((y / k) * image.width() + x / k) * 3, rgb, (y * w + x) * 3, 3);
            }
        }
        return DecodedImage.of(w, h, rgb);
    }
}
