package io.faceembed.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.config.PipelineSpec;
import io.faceembed.imaging.DecodeLimits;
import io.faceembed.imaging.DecodeStats;
import io.faceembed.imaging.DecodedImage;
import io.faceembed.imaging.ImageDecodeException;
import io.faceembed.imaging.ImageDecoder;
import io.faceembed.models.PipelineFactory;
import io.faceembed.testing.InstalledModels;
import io.faceembed.testing.TestPaths;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Camera-size photos (12 MP JPEGs) decoded at the working size, 1/8, against the same photos decoded whole: the
 * same faces, and the same embeddings, where small faces are cut from a finer decode of the file.
 */
class CameraPhotoFacesTest {

    private static final int WIDTH = 4032;
    private static final int HEIGHT = 3024;

    private static FacePipeline pipeline;

    @BeforeAll
    static void open() {
        pipeline = PipelineFactory.open(new PipelineSpec("Dlib", "ssd", InstalledModels.dir().toString(), "cpu", 0,
                0.5f));
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    @Test
    void portraitsAndGroupPhotosGiveTheFacesAndEmbeddingsOfAFullDecode() throws Exception {
        List<byte[]> photos = new ArrayList<>();
        for (Path portrait : firstOfEachPerson(6)) {
            photos.add(cameraPhoto(ImageIO.read(portrait.toFile()), 3000, 516, 12));
        }
        for (String scene : List.of("faceapi-sample1.jpg", "faceapi-sample2.jpg", "faceapi-sample3.jpg",
                "faceapi-sample4.jpg", "deepface-couple.jpg", "insightface-t1.jpg")) {
            photos.add(cameraPhoto(ImageIO.read(TestPaths.sample().resolve("scenes").resolve(scene).toFile()),
                    WIDTH, 0, 0));
        }
        ImageDecoder working = new ImageDecoder();
        ImageDecoder whole = new ImageDecoder(new DecodeLimits(DecodeLimits.DEFAULT_MAX_PIXELS, Integer.MAX_VALUE));

        int wholeFaces = 0;
        int matched = 0;
        List<Double> cosines = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            List<Face> ours = faces(working, photos.get(i), "photo " + i);
            List<Face> reference = faces(whole, photos.get(i), "photo " + i);
            wholeFaces += reference.size();
            for (Face face : reference) {
                Face same = sameFace(face, ours);
                if (same != null) {
                    matched++;
                    cosines.add(cosine(face.embedding(), same.embedding()));
                }
            }
        }
        Collections.sort(cosines);

        System.out.println("camera photos: " + matched + " of " + wholeFaces + " faces matched, cosine median "
                + cosines.get(cosines.size() / 2) + ", lowest " + cosines.get(0));
        assertTrue(wholeFaces >= 24, "the photos hold faces: " + wholeFaces);
        assertTrue(matched >= Math.ceil(0.99 * wholeFaces), matched + " of the full decode's " + wholeFaces
                + " faces found at the working size");
        double median = cosines.get(cosines.size() / 2);
        assertTrue(median >= 0.99, "median cosine to the full decode's embeddings " + median + " " + cosines);
        assertTrue(cosines.get(0) >= 0.95, "lowest cosine " + cosines.get(0));
        assertEquals(List.of("DCT-scaled 1/8"), methods(working, false), "first decodes");
        assertFalse(methods(working, true).isEmpty(), "the group photos' small faces came from finer decodes");
    }

    @Test
    void aSmallFaceIsCutFromAFinerDecodeAndALargeOneFromTheWorkingImage() throws Exception {
        BufferedImage portrait = ImageIO.read(firstOfEachPerson(1).get(0).toFile());
        ImageDecoder decoder = new ImageDecoder();
        DecodedImage large = decoder.decode(cameraPhoto(portrait, 3000, 516, 12), "large face");
        DecodedImage small = decoder.decode(cameraPhoto(portrait, 700, 1600, 1100), "small face");

        List<FaceRef> largeFaces = FaceSources.of(large, pipelineDetections(large));
        List<FaceRef> smallFaces = FaceSources.of(small, pipelineDetections(small));

        assertEquals(1, largeFaces.size());
        assertTrue(largeFaces.get(0).image() == large, "a face of ~165 pixels at 1/8 is cut from the working image");
        assertEquals(1, smallFaces.size());
        FaceRef finer = smallFaces.get(0);
        assertEquals(2.0, finer.image().scale(), "a face of ~40 pixels at 1/8 is cut from the 1/2 decode");
        float side = Math.max(finer.detection().width(), finer.detection().height());
        assertTrue(side >= FaceSources.SHARP_SIDE, "box side in the finer image " + side);
    }

    private static List<Detection> pipelineDetections(DecodedImage image) {
        List<Face> faces = pipeline.process(List.of(image)).get(0).faces();
        List<Detection> inImage = new ArrayList<>();
        for (Face f : faces) {
            inImage.add(f.detection().scaled(1 / image.scale()));
        }
        return inImage;
    }

    private static List<Face> faces(ImageDecoder decoder, byte[] photo, String name) throws ImageDecodeException {
        ImageOutcome outcome = pipeline.process(List.of(decoder.decode(photo, name))).get(0);
        return outcome.faces();
    }

    /** The face of {@code others} whose box (in the file's pixels) overlaps {@code face}'s by IoU 0.5 or more. */
    private static Face sameFace(Face face, List<Face> others) {
        Face best = null;
        float bestIou = 0.5f;
        for (Face other : others) {
            float iou = other.detection().iou(face.detection());
            if (iou >= bestIou) {
                best = other;
                bestIou = iou;
            }
        }
        return best;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot; // both L2-normalised
    }

    private static List<String> methods(ImageDecoder decoder, boolean finer) {
        return decoder.stats().rows().stream().map(DecodeStats.Row::method)
                .filter(m -> m.endsWith(", finer") == finer).distinct().toList();
    }

    private static List<Path> firstOfEachPerson(int people) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> folders = Files.list(TestPaths.people())) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().limit(people).toList()) {
                try (Stream<Path> files = Files.list(folder)) {
                    out.add(files.filter(p -> p.toString().endsWith(".jpg")).sorted().findFirst().orElseThrow());
                }
            }
        }
        return out;
    }

    /**
     * A 4032x3024 JPEG (quality 92, as a phone writes) with {@code source} drawn {@code side} pixels wide at
     * ({@code x}, {@code y}), its height in proportion, on grey.
     */
    static byte[] cameraPhoto(BufferedImage source, int side, int x, int y) throws IOException {
        BufferedImage photo = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        try {
            g.setColor(java.awt.Color.GRAY);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(source, x, y, side, side * source.getHeight() / source.getWidth(), null);
        } finally {
            g.dispose();
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.92f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(photo, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
