package io.faceembed.imaging;

import static io.faceembed.imaging.EdgeFilesDecodeTest.edge;
import static io.faceembed.imaging.EdgeFilesDecodeTest.meanGrayDifference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.imaging.DecodeStats.Row;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The libjpeg-turbo path: the pixels ImageIO would give (the same at full size, averaged rather than subsampled
 * when reduced), the same sizes and scales, and every file it should not take handed to ImageIO and counted.
 */
class NativeJpegDecodeTest {

    private final ImageDecoder decoder = new ImageDecoder();
    private final ImageDecoder reference = ImageDecoder.imageIoOnly(DecodeLimits.DEFAULT);

    @Test
    void lfwPortraitsDecodeToImageIosPixelsAtFullSize() throws ImageDecodeException {
        int worst = 0;
        long differing = 0;
        long samples = 0;
        for (Path file : SharedImages.peopleJpegs()) {
            byte[] bytes = SharedImages.read(file);
            byte[] fast = decoder.decode(bytes, file.toString()).rgb();
            byte[] slow = reference.decode(bytes, file.toString()).rgb();
            assertEquals(slow.length, fast.length, file.toString());
            for (int i = 0; i < fast.length; i++) {
                int d = Math.abs((fast[i] & 0xff) - (slow[i] & 0xff));
                worst = Math.max(worst, d);
                differing += d == 0 ? 0 : 1;
            }
            samples += fast.length;
        }
        assertTrue(worst <= 2, "largest difference of a sample " + worst);
        assertTrue(differing < samples / 100, differing + " of " + samples + " samples differ");
        assertEquals(List.of("libjpeg-turbo"), decoders(decoder));
    }

    @Test
    void largeJpegDecodesStraightToTheSizeAndScaleOfImageIosSubsampling() throws ImageDecodeException {
        byte[] huge = edge("huge-6000x4000.jpg");
        // no working size below the decode limit: the size ImageIO's subsampling gives
        ImageDecoder toLimit = new ImageDecoder(new DecodeLimits(DecodeLimits.DEFAULT_MAX_PIXELS, 2048));
        ImageDecoder halving = new ImageDecoder(new DecodeLimits(DecodeLimits.DEFAULT_MAX_PIXELS, 3000));

        DecodedImage thirds = toLimit.decode(huge, "huge");
        DecodedImage halves = halving.decode(huge, "huge");
        DecodedImage working = decoder.decode(huge, "huge");

        assertEquals("2000x1334 at 3.0", thirds.width() + "x" + thirds.height() + " at " + thirds.scale());
        assertEquals("3000x2000 at 2.0", halves.width() + "x" + halves.height() + " at " + halves.scale());
        assertEquals("750x500 at 8.0", working.width() + "x" + working.height() + " at " + working.scale());
        assertEquals("DCT-scaled 1/2, resized to 1/3", only(toLimit).method());
        assertEquals("DCT-scaled 1/2", only(halving).method());
        assertEquals("DCT-scaled 1/8", only(decoder).method());
        DecodedImage subsampled = reference.decode(huge, "huge");
        assertTrue(meanGrayDifference(thirds, subsampled) < 3, "mean gray difference to ImageIO's");
    }

    @Test
    void exifOrientationIsAppliedToNativelyDecodedPixels() throws ImageDecodeException {
        DecodedImage upright = decoder.decode(edge("exif-orientation-6.jpg"), "exif-orientation-6.jpg");
        DecodedImage original = decoder.decode(edge("UPPER CASE.JPG"), "UPPER CASE.JPG");

        assertTrue(meanGrayDifference(upright, original) < 12);
        assertEquals(List.of("libjpeg-turbo"), decoders(decoder));
    }

    @Test
    void progressiveAndGrayJpegsTakeTheNativePath() throws ImageDecodeException {
        DecodedImage gray = decoder.decode(edge("grayscale.jpg"), "grayscale.jpg");
        decoder.decode(edge("progressive.jpg"), "progressive.jpg");

        assertEquals(gray.red(100, 100), gray.blue(100, 100));
        assertEquals(List.of("libjpeg-turbo"), decoders(decoder));
        assertEquals(Map.of(), decoder.stats().declines());
    }

    @Test
    void cmykJpegGoesToImageIoAndTheDeclineIsCounted() throws ImageDecodeException {
        decoder.decode(edge("cmyk.jpg"), "cmyk.jpg");

        assertEquals(List.of("imageio"), decoders(decoder));
        assertEquals(Map.of("libjpeg-turbo: 4 colour components (CMYK or YCCK)", 1L), decoder.stats().declines());
    }

    @Test
    void damagedJpegGoesToImageIoWhichFailsItWithItsReason() {
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> decoder.decode(edge("truncated.jpg"), "truncated.jpg"));

        assertTrue(e.getMessage().startsWith("truncated.jpg: truncated or corrupt JPEG: "), e.getMessage());
        assertEquals(Map.of("libjpeg-turbo: libjpeg-turbo found the data damaged", 1L), decoder.stats().declines());
    }

    @Test
    void jpegTaggedWithAProfileOtherThanSrgbGoesToImageIo() throws ImageDecodeException {
        byte[] plain = SharedImages.read(SharedImages.peopleJpegs().get(0));
        byte[] srgb = TestImages.jpegWithIccProfile(plain, ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
        byte[] linear = TestImages.jpegWithIccProfile(plain,
                ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData());

        decoder.decode(srgb, "srgb.jpg");
        assertEquals(List.of("libjpeg-turbo"), decoders(decoder));
        decoder.decode(linear, "linear.jpg");
        assertEquals(List.of("imageio", "libjpeg-turbo"), decoders(decoder));
        assertEquals(Map.of("libjpeg-turbo: ICC profile 'linear sRGB' (colours to convert to sRGB)", 1L),
                decoder.stats().declines());
    }

    @Test
    void jpegDeclaringMorePixelsThanTheLimitIsRefusedBeforeAnyDecoding() {
        byte[] bomb = SharedImages.read(SharedImages.peopleJpegs().get(0)).clone();
        int sof = indexOfFrameHeader(bomb);
        bomb[sof + 5] = (byte) 0xEA; // height 60000
        bomb[sof + 6] = (byte) 0x60;
        bomb[sof + 7] = (byte) 0xEA; // width 60000
        bomb[sof + 8] = (byte) 0x60;

        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(bomb, "bomb.jpg"));

        assertEquals("bomb.jpg: image too large: declares 60000 x 60000 pixels (3600 MP), over the limit of 100 MP",
                e.getMessage());
        assertEquals(Map.of(), decoder.stats().declines());
    }

    private static int indexOfFrameHeader(byte[] jpeg) {
        for (int i = 2; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xFF && ((jpeg[i + 1] & 0xff) == 0xC0 || (jpeg[i + 1] & 0xff) == 0xC2)) {
                return i;
            }
        }
        throw new AssertionError("no frame header");
    }

    private static List<String> decoders(ImageDecoder d) {
        return d.stats().rows().stream().map(Row::decoder).distinct().sorted().toList();
    }

    private static Row only(ImageDecoder d) {
        List<Row> rows = d.stats().rows();
        assertEquals(1, rows.size(), rows.toString());
        return rows.get(0);
    }
}
