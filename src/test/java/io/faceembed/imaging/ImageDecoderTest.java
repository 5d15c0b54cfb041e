package io.faceembed.imaging;

import static io.faceembed.imaging.EdgeFilesDecodeTest.edge;
import static io.faceembed.imaging.EdgeFilesDecodeTest.meanGrayDifference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder();

    // ---- orientation ----

    @Test
    void exifOrientationSixTurnsAStoredLandscapeIntoAnUprightPortrait() throws ImageDecodeException {
        byte[] jpeg = TestImages.jpegWithOrientation(TestImages.encode(TestImages.quadrants(40, 20), "jpg"), 6);

        DecodedImage image = decoder.decode(jpeg, "rotated.jpg");

        assertEquals("20x40", image.width() + "x" + image.height());
        // rotated 90 degrees clockwise: the stored left column (red over blue) becomes the top row (blue, red)
        assertCorners(image, TestImages.BOTTOM_LEFT, TestImages.TOP_LEFT, TestImages.BOTTOM_RIGHT, TestImages.TOP_RIGHT);
    }

    /** Expected corners per the EXIF table: where the stored top-left (red) etc. end up for each value. */
    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyExifOrientationPutsTheStoredCornersWhereTheExifSpecSays(int orientation) throws ImageDecodeException {
        Color r = TestImages.TOP_LEFT;
        Color g = TestImages.TOP_RIGHT;
        Color b = TestImages.BOTTOM_LEFT;
        Color w = TestImages.BOTTOM_RIGHT;
        Color[][] expected = {
            null,
            {r, g, b, w}, // 1 as stored
            {g, r, w, b}, // 2 mirrored left-right
            {w, b, g, r}, // 3 rotated 180
            {b, w, r, g}, // 4 mirrored top-bottom
            {r, b, g, w}, // 5 transposed
            {b, r, w, g}, // 6 rotated 90 clockwise
            {w, g, b, r}, // 7 transversed
            {g, w, r, b}, // 8 rotated 90 counter-clockwise
        };
        byte[] png = TestImages.pngWithOrientation(TestImages.encode(TestImages.quadrants(40, 20), "png"), orientation);
        byte[] jpeg = TestImages.jpegWithOrientation(TestImages.encode(TestImages.quadrants(40, 20), "jpg"), orientation);

        for (byte[] file : List.of(png, jpeg)) {
            DecodedImage image = decoder.decode(file, "oriented");
            boolean turned = orientation >= 5;
            assertEquals((turned ? "20x40" : "40x20"), image.width() + "x" + image.height());
            Color[] c = expected[orientation];
            assertCorners(image, c[0], c[1], c[2], c[3]);
        }
    }

    @Test
    void orientationReaderAgreesWithMetadataExtractorOnEveryEdgeFile() throws Exception {
        try (Stream<Path> files = Files.list(SharedImages.sample().resolve("edge"))) {
            for (Path file : files.sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                ImageFormat format = ImageFormat.sniff(bytes).orElse(null);
                if (format == null || !format.decodable()) {
                    continue;
                }
                int expected = 1;
                try {
                    Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes), bytes.length);
                    ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
                    if (ifd0 != null && ifd0.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                        expected = ifd0.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                    }
                } catch (Exception unreadable) {
                    continue; // truncated or bomb: metadata-extractor gives up, nothing to compare
                }
                assertEquals(expected, ExifOrientation.read(bytes, format), file.getFileName().toString());
            }
        }
        assertEquals(6, ExifOrientation.read(edge("exif-orientation-6.jpg"), ImageFormat.JPEG));
    }

    // ---- hostile input ----

    @Test
    void jpegCutAtAnyOffsetFailsWithATypedReasonAndNeverHangs() {
        byte[] full = SharedImages.read(SharedImages.peopleJpegs().get(0));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int failures = 0;
            for (int cut = 1; cut < full.length - 2; cut += 29) {
                byte[] part = Arrays.copyOf(full, cut);
                try {
                    decoder.decode(part, "cut.jpg");
                } catch (ImageDecodeException e) {
                    failures++;
                    assertTrue(e.getMessage().startsWith("cut.jpg: "), e.getMessage());
                    assertTrue(e.getMessage().contains("truncated or corrupt JPEG: ")
                            || e.getMessage().contains("not an image"), e.getMessage());
                }
            }
            assertEquals((full.length - 3 + 28) / 29, failures, "a baseline JPEG that lost its end never decodes");
        });
    }

    @Test
    void randomBytesBehindImageNamesAreReportedAsNotAnImage() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[1 + random.nextInt(5000)];
            random.nextBytes(bytes);
            String name = "random-" + i + (i % 2 == 0 ? ".jpg" : ".png");
            ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(bytes, name));
            assertTrue(e.getMessage().startsWith(name + ": not an image (content starts with '"), e.getMessage());
        }
    }

    @Test
    void randomBytesAfterARealImageSignatureFailWithATypedReason() {
        List<byte[]> headers = List.of(
                new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
                Arrays.copyOf(edge("png-named.jpg"), 33),                 // signature + IHDR
                "GIF89a".getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOf(edge("webp-named.jpg"), 30),
                new byte[] {'I', 'I', 42, 0},
                Arrays.copyOf(edge("bitmap.bmp"), 54));
        Random random = new Random(7);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (byte[] header : headers) {
                for (int i = 0; i < 40; i++) {
                    byte[] bytes = Arrays.copyOf(header, header.length + random.nextInt(4000));
                    random.nextBytes(bytes);
                    System.arraycopy(header, 0, bytes, 0, header.length);
                    try {
                        decoder.decode(bytes, "noise");
                    } catch (ImageDecodeException expected) {
                        assertTrue(expected.getMessage().startsWith("noise: "), expected.getMessage());
                    }
                }
            }
        });
    }

    @Test
    void emptyFileIsReportedAsEmpty() {
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(new byte[0], "a.jpg"));
        assertEquals("a.jpg: empty file", e.getMessage());
    }

    @Test
    void zipArchiveBehindAnImageNameIsNotAnImage() {
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(zip, "a.jpg"));
        assertEquals("a.jpg: not an image (content starts with 'PK......')", e.getMessage());
    }

    @Test
    void heicPhotoIsReportedAsAnUnsupportedFormat() {
        byte[] heic = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0};
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(heic, "IMG_1.HEIC"));
        assertEquals("IMG_1.HEIC: unsupported format: HEIF/HEIC", e.getMessage());
    }

    // ---- sizes and memory ----

    @Test
    void hugeJpegIsSubsampledWhileDecodingAndNeverHeldWhole() throws ImageDecodeException {
        byte[] bytes = edge("huge-6000x4000.jpg");
        decoder.decode(bytes, "warm-up");
        long before = allocatedBytes();

        DecodedImage image = decoder.decode(bytes, "huge-6000x4000.jpg");

        long allocated = allocatedBytes() - before;
        assertEquals("750x500", image.width() + "x" + image.height());
        assertEquals(8.0, image.scale());
        // whole, the pixels alone would take 72 MB; at 1/8 they take 1.1 MB (and 1.5 MB in Leptonica's words)
        assertTrue(allocated < 5_000_000, "allocated " + allocated + " bytes");
    }

    @Test
    void reducedImageDecodesAgainFinerOnlyWhenAsked() throws ImageDecodeException {
        byte[] bytes = edge("huge-6000x4000.jpg");
        DecodedImage working = decoder.decode(bytes, "huge-6000x4000.jpg");

        DecodedImage finer = working.decodedAt(2);

        assertTrue(working.decodesFiner());
        assertEquals("3000x2000 at 2.0", finer.width() + "x" + finer.height() + " at " + finer.scale());
        assertThrows(IllegalArgumentException.class, () -> working.decodedAt(8));
        DecodedImage portrait = decoder.decode(SharedImages.read(SharedImages.peopleJpegs().get(0)), "p.jpg");
        assertFalse(portrait.decodesFiner(), "an image at its own size has nothing finer");
        assertThrows(IllegalStateException.class, () -> portrait.decodedAt(1));
    }

    @Test
    void finerDecodeOfARotatedPhotoIsUprightAsTheFirst() throws ImageDecodeException {
        // stored 4000x3000 with EXIF orientation 6 (turn 90 degrees clockwise): upright 3000x4000
        byte[] rotated = TestImages.jpegWithOrientation(TestImages.encode(TestImages.quadrants(4000, 3000), "jpg"), 6);
        DecodedImage working = decoder.decode(rotated, "rotated.jpg");
        DecodedImage finer = working.decodedAt(2);

        assertEquals("375x500 at 8.0", working.width() + "x" + working.height() + " at " + working.scale());
        assertEquals("1500x2000 at 2.0", finer.width() + "x" + finer.height() + " at " + finer.scale());
        for (double[] at : new double[][] {{0.25, 0.25}, {0.75, 0.25}, {0.25, 0.75}, {0.75, 0.75}}) {
            int wx = (int) (at[0] * working.width());
            int wy = (int) (at[1] * working.height());
            int fx = (int) (at[0] * finer.width());
            int fy = (int) (at[1] * finer.height());
            String where = "at " + at[0] + "," + at[1];
            assertEquals(working.red(wx, wy), finer.red(fx, fy), 8.0, "red " + where);
            assertEquals(working.green(wx, wy), finer.green(fx, fy), 8.0, "green " + where);
            assertEquals(working.blue(wx, wy), finer.blue(fx, fy), 8.0, "blue " + where);
        }
        // upright: the stored bottom-left quadrant (blue) is now top-left
        assertTrue(working.blue(50, 50) > 200 && working.red(50, 50) < 60, "top-left is blue");
    }

    @Test
    void pixelBombIsRefusedFromItsHeaderInBoundedMemoryAndTime() {
        byte[] bytes = edge("bomb-100000x100000.png");
        assertThrows(ImageDecodeException.class, () -> decoder.decode(bytes, "warm-up"));
        long before = allocatedBytes();
        long start = System.nanoTime();

        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(bytes, "bomb.png"));

        long allocated = allocatedBytes() - before;
        assertTrue(e.getMessage().contains("declares 100000 x 100000 pixels"), e.getMessage());
        assertTrue(allocated < 5_000_000, "allocated " + allocated + " bytes");
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "refused within a second");
    }

    @Test
    void limitsAreConfigurable() throws ImageDecodeException {
        byte[] portrait = SharedImages.read(SharedImages.peopleJpegs().get(0));

        DecodedImage small = new ImageDecoder(new DecodeLimits(DecodeLimits.DEFAULT_MAX_PIXELS, 100))
                .decode(portrait, "p.jpg");
        assertEquals("84x84", small.width() + "x" + small.height());
        assertEquals(3.0, small.scale());

        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> new ImageDecoder(new DecodeLimits(60_000, 2048)).decode(portrait, "p.jpg"));
        assertEquals("p.jpg: image too large: declares 250 x 250 pixels (0.1 MP), over the limit of 0.1 MP",
                e.getMessage());
    }

    // ---- colour ----

    @Test
    void sixteenBitPngSamplesAreRoundedToEightBits() throws ImageDecodeException {
        DecodedImage rgb = decoder.decode(TestImages.encode(TestImages.rgb16(4, 3, 65535, 32896, 257 * 10 + 128), "png"), "rgb16.png");
        assertEquals("4x3", rgb.width() + "x" + rgb.height());
        assertEquals(255, rgb.red(3, 2));
        assertEquals(128, rgb.green(3, 2));
        assertEquals(10, rgb.blue(3, 2)); // 2698 / 257 = 10.498

        int[] columns = {0, 257, 65535, 200 * 257};
        DecodedImage gray = decoder.decode(TestImages.encode(TestImages.gray16(4, 2, columns), "png"), "gray16.png");
        for (int x = 0; x < 4; x++) {
            int expected = Math.round(columns[x] / 257f);
            assertEquals(expected, gray.red(x, 1));
            assertEquals(expected, gray.green(x, 1));
            assertEquals(expected, gray.blue(x, 1));
        }
    }

    @Test
    void sixteenBitPortraitLooksLikeItsEightBitOriginal() throws ImageDecodeException {
        DecodedImage sixteen = decoder.decode(edge("sixteen-bit.png"), "sixteen-bit.png");
        DecodedImage eight = decoder.decode(edge("png-named.jpg"), "png-named.jpg");
        assertTrue(meanGrayDifference(sixteen, eight) < 1.0);
    }

    @Test
    void cmykJpegComesOutInTheColoursOfTheRgbOriginal() throws ImageDecodeException {
        DecodedImage cmyk = decoder.decode(edge("cmyk.jpg"), "cmyk.jpg");
        DecodedImage rgb = decoder.decode(edge("png-named.jpg"), "png-named.jpg");
        double[] diff = meanChannelDifference(cmyk, rgb);
        for (double d : diff) {
            assertTrue(d < 8, "mean channel difference " + Arrays.toString(diff));
        }
    }

    @Test
    void grayscaleJpegKeepsItsStoredGrayLevelsWithoutGammaShift() throws ImageDecodeException {
        DecodedImage gray = decoder.decode(edge("grayscale.jpg"), "grayscale.jpg");
        DecodedImage colour = decoder.decode(edge("png-named.jpg"), "png-named.jpg");
        byte[] g = gray.rgb();
        byte[] c = colour.rgb();
        double sum = 0;
        for (int i = 0; i < g.length; i += 3) {
            assertEquals(g[i], g[i + 1]);
            assertEquals(g[i], g[i + 2]);
            double luma = 0.299 * (c[i] & 0xff) + 0.587 * (c[i + 1] & 0xff) + 0.114 * (c[i + 2] & 0xff);
            sum += Math.abs((g[i] & 0xff) - luma);
        }
        assertTrue(sum / (g.length / 3) < 3, "gray levels are the colour photo's luma, off by " + sum / (g.length / 3));
    }

    @Test
    void rgbaPngKeepsItsColoursWithAlphaDropped() throws ImageDecodeException {
        DecodedImage rgba = decoder.decode(edge("rgba.png"), "rgba.png");
        DecodedImage rgb = decoder.decode(edge("png-named.jpg"), "png-named.jpg");
        assertTrue(meanGrayDifference(rgba, rgb) < 1.0);
    }

    // ---- threads ----

    @Test
    void oneDecoderSharedByFourThreadsGivesTheSamePixelsAsOneThread() throws Exception {
        List<Path> files = SharedImages.peopleJpegs().subList(0, 40);
        List<byte[]> expected = new ArrayList<>();
        for (Path file : files) {
            expected.add(decoder.decode(Files.readAllBytes(file), file.toString()).rgb());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (Path file : files) {
                    results.add(pool.submit(() -> decoder.decode(Files.readAllBytes(file), file.toString()).rgb()));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertArrayEquals(expected.get(i % files.size()), results.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers ----

    private static void assertCorners(DecodedImage image, Color topLeft, Color topRight, Color bottomLeft,
                                      Color bottomRight) {
        int w = image.width() - 2;
        int h = image.height() - 2;
        assertColor(topLeft, image, 1, 1, "top left");
        assertColor(topRight, image, w, 1, "top right");
        assertColor(bottomLeft, image, 1, h, "bottom left");
        assertColor(bottomRight, image, w, h, "bottom right");
    }

    private static void assertColor(Color expected, DecodedImage image, int x, int y, String where) {
        int[] actual = {image.red(x, y), image.green(x, y), image.blue(x, y)};
        int[] want = {expected.getRed(), expected.getGreen(), expected.getBlue()};
        for (int i = 0; i < 3; i++) {
            assertTrue(Math.abs(actual[i] - want[i]) < 40,
                    where + ": expected " + Arrays.toString(want) + " but was " + Arrays.toString(actual));
        }
    }

    private static double[] meanChannelDifference(DecodedImage a, DecodedImage b) {
        double[] sum = new double[3];
        byte[] x = a.rgb();
        byte[] y = b.rgb();
        for (int i = 0; i < x.length; i++) {
            sum[i % 3] += Math.abs((x[i] & 0xff) - (y[i] & 0xff));
        }
        int pixels = x.length / 3;
        return new double[] {sum[0] / pixels, sum[1] / pixels, sum[2] / pixels};
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
