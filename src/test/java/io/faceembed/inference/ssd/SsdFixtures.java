package io.faceembed.inference.ssd;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.models.convert.SsdMobilenetV1Converter;
import io.faceembed.models.tfjs.TfjsWeights;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Test inputs: face-api's weights, the converted graph (once per JVM), real images decoded with ImageIO. */
public final class SsdFixtures {

    private static Path graph;

    private SsdFixtures() {
    }

    public static Path faceApiPackage() {
        return io.faceembed.testing.InstalledModels.faceApiPackage();
    }

    public static Path ssdManifest() {
        return faceApiPackage().resolve("model/ssd_mobilenetv1_model-weights_manifest.json");
    }

    public static Path faces() {
        return io.faceembed.testing.TestPaths.faces();
    }

    public static byte[] convertedBytes() {
        try {
            return SsdMobilenetV1Converter.convert(TfjsWeights.read(ssdManifest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized Path graph() {
        if (graph == null) {
            try {
                Path file = Files.createTempFile("ssd_mobilenetv1", ".onnx");
                file.toFile().deleteOnExit();
                Files.write(file, convertedBytes());
                graph = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return graph;
    }

    public static OnnxModel model(int threads) {
        return new OnnxModel(graph(), SessionOptionsFactory.cpu(threads));
    }

    public static DecodedImage read(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new IOException("ImageIO cannot read " + file);
            }
            int w = img.getWidth();
            int h = img.getHeight();
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            byte[] rgb = new byte[w * h * 3];
            for (int i = 0; i < argb.length; i++) {
                rgb[i * 3] = (byte) (argb[i] >> 16);
                rgb[i * 3 + 1] = (byte) (argb[i] >> 8);
                rgb[i * 3 + 2] = (byte) argb[i];
            }
            return DecodedImage.of(w, h, rgb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every .jpg under {@code dir}, recursively, sorted by path. */
    public static List<Path> jpegs(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().toLowerCase().endsWith(".jpg")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample's portraits and group scenes, decoded. */
    public static List<DecodedImage> portraitsAndScenes() {
        List<DecodedImage> images = new java.util.ArrayList<>();
        for (String folder : List.of("sample/people", "sample/scenes")) {
            for (Path p : jpegs(faces().resolve(folder))) {
                images.add(read(p));
            }
        }
        return images;
    }

    /** Detections of every image, in calls of 16 images. */
    public static List<List<io.faceembed.inference.Detection>> detectAll(SsdMobilenetDetector detector,
                                                                        List<DecodedImage> images) {
        List<List<io.faceembed.inference.Detection>> out = new java.util.ArrayList<>();
        for (int i = 0; i < images.size(); i += 16) {
            out.addAll(detector.detect(images.subList(i, Math.min(images.size(), i + 16))));
        }
        return out;
    }

    /** An ONNX model file written from {@code bytes} into {@code dir}. */
    public static OnnxModel model(Path dir, String name, byte[] bytes) {
        try {
            return new OnnxModel(Files.write(dir.resolve(name), bytes), SessionOptionsFactory.cpu(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
