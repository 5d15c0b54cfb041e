package io.faceembed.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.faceembed.imaging.SharedImages.ManifestRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file of sample/edge gets the outcome its manifest row asks of a good tool. The expectation is derived from
 * the row, so a new edge file is covered without touching this test: a file made from a real photo (it names a
 * source image) must decode; a synthetic one must fail with a typed reason; "decodes partly or fails" allows
 * either.
 */
class EdgeFilesDecodeTest {

    private static final Pattern SIZE = Pattern.compile("(\\d+)x(\\d+)");
    private final ImageDecoder decoder = new ImageDecoder();

    @TestFactory
    Stream<DynamicTest> everyEdgeFileGetsTheOutcomeItsManifestRowAsksFor() {
        List<ManifestRow> rows = SharedImages.manifest("edge/");
        assertTrue(rows.size() >= 20, "manifest lists the edge files");
        return rows.stream().map(row -> DynamicTest.dynamicTest(row.path() + " " + expectation(row) + " (" + row.note() + ")",
                () -> check(row)));
    }

    @Test
    void noEdgeFileMakesTheDecoderThrowAnythingButImageDecodeException() throws IOException {
        try (Stream<Path> files = Files.list(SharedImages.sample().resolve("edge"))) {
            for (Path file : files.sorted().toList()) {
                try {
                    decoder.decode(Files.readAllBytes(file), file.getFileName().toString());
                } catch (ImageDecodeException expected) {
                    assertTrue(expected.getMessage().startsWith(file.getFileName() + ": "), expected.getMessage());
                }
            }
        }
    }

    @Test
    void truncatedJpegFailsWithATruncationReason() {
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> decoder.decode(edge("truncated.jpg"), "truncated.jpg"));
        assertTrue(e.getMessage().startsWith("truncated.jpg: truncated or corrupt JPEG: "), e.getMessage());
    }

    @Test
    void pngThatDeclaresTenGigapixelsIsRefusedNamingTheDeclaredSize() {
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> decoder.decode(edge("bomb-100000x100000.png"), "bomb.png"));
        assertEquals("bomb.png: image too large: declares 100000 x 100000 pixels (10000 MP), over the limit of 100 MP",
                e.getMessage());
    }

    @Test
    void pngContentBehindAJpgNameDecodesAsPng() throws ImageDecodeException {
        assertEquals(Optional.of(ImageFormat.PNG), ImageFormat.sniff(edge("png-named.jpg")));
        assertEquals(Optional.of(ImageFormat.WEBP), ImageFormat.sniff(edge("webp-named.jpg")));
        DecodedImage image = decoder.decode(edge("webp-named.jpg"), "webp-named.jpg");
        assertEquals(250, image.width());
    }

    private enum Expectation {
        DECODES("decodes"), FAILS("fails with a reason"), DECODES_OR_FAILS("decodes or fails with a reason");

        private final String words;

        Expectation(String words) {
            this.words = words;
        }

        @Override
        public String toString() {
            return words;
        }
    }

    private static Expectation expectation(ManifestRow row) {
        if (row.note().toLowerCase(Locale.ROOT).contains("decodes partly or fails")) {
            return Expectation.DECODES_OR_FAILS;
        }
        return row.sourcePath().isEmpty() ? Expectation.FAILS : Expectation.DECODES;
    }

    private void check(ManifestRow row) throws Exception {
        Path file = SharedImages.sample().resolve(row.path());
        String name = file.getFileName().toString();
        byte[] bytes = Files.readAllBytes(file);
        switch (expectation(row)) {
            case FAILS -> {
                ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(bytes, name));
                assertTrue(e.getMessage().startsWith(name + ": "), "names the file: " + e.getMessage());
                assertTrue(e.getMessage().contains(expectedReason(row, bytes)), e.getMessage());
            }
            case DECODES_OR_FAILS -> {
                try {
                    DecodedImage image = decoder.decode(bytes, name);
                    assertEquals(image.width() * image.height() * 3, image.rgb().length);
                } catch (ImageDecodeException e) {
                    assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
                }
            }
            case DECODES -> checkDecoded(row, name, decoder.decode(bytes, name));
        }
    }

    private static String expectedReason(ManifestRow row, byte[] bytes) {
        String note = row.note().toLowerCase(Locale.ROOT);
        if (bytes.length == 0) {
            return "empty file";
        }
        if (note.contains("pixel limit")) {
            return "image too large: declares";
        }
        return "not an image (content starts with '";
    }

    private void checkDecoded(ManifestRow row, String name, DecodedImage image) throws ImageDecodeException {
        Matcher size = SIZE.matcher(name + " " + row.note());
        int maxSide = decoder.limits().maxDecodeSide();
        if (size.find()) {
            int w = Integer.parseInt(size.group(1));
            int h = Integer.parseInt(size.group(2));
            if (Math.max(w, h) <= maxSide) {
                assertEquals(w + "x" + h, image.width() + "x" + image.height());
                assertEquals(1.0, image.scale());
            } else {
                assertTrue(Math.max(image.width(), image.height()) <= maxSide, "subsampled below the limit");
                assertTrue(Math.abs(image.width() * image.scale() - w) < image.scale(), "scale maps back to width");
                assertTrue(Math.abs(image.height() * image.scale() - h) < image.scale(), "scale maps back to height");
            }
        }
        Optional<Path> source = row.sourceImage();
        if (source.isEmpty()) {
            return;
        }
        DecodedImage original = decoder.decode(SharedImages.read(source.get()), source.get().toString());
        if (original.width() != image.width() || original.height() != image.height()) {
            return; // resized variant (tiny, huge): its size was checked above
        }
        int expectedTurn = row.note().toLowerCase(Locale.ROOT).contains("upside down") ? 3 : 1;
        int bestTurn = 1;
        double best = Double.MAX_VALUE;
        for (int orientation : new int[] {1, 3, 6, 8}) {
            double diff = meanGrayDifference(image, Orientation.apply(original, orientation));
            if (diff < best) {
                best = diff;
                bestTurn = orientation;
            }
        }
        assertEquals(expectedTurn, bestTurn, "orientation that matches the source photo best");
        assertTrue(best < 12, "pixels look like the source photo, mean gray difference " + best);
    }

    /** Mean absolute difference of (r + g + b) / 3 over all pixels of two images of one size. */
    static double meanGrayDifference(DecodedImage a, DecodedImage b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            fail("sizes differ");
        }
        byte[] x = a.rgb();
        byte[] y = b.rgb();
        long sum = 0;
        for (int i = 0; i < x.length; i += 3) {
            int gx = (x[i] & 0xff) + (x[i + 1] & 0xff) + (x[i + 2] & 0xff);
            int gy = (y[i] & 0xff) + (y[i + 1] & 0xff) + (y[i + 2] & 0xff);
            sum += Math.abs(gx - gy);
        }
        return sum / 3.0 / (x.length / 3);
    }

    static byte[] edge(String name) {
        return SharedImages.read(SharedImages.sample().resolve("edge").resolve(name));
    }

    static Set<String> names(List<ManifestRow> rows) {
        return rows.stream().map(ManifestRow::path).collect(Collectors.toSet());
    }
}
