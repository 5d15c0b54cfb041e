package io.faceembed.inference.landmarks;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.models.convert.FaceLandmark68Converter;
import io.faceembed.models.tfjs.TfjsWeights;
import io.faceembed.testing.TestPaths;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Real weights and real portraits for the landmark tests. */
public final class LandmarkFixtures {

    private LandmarkFixtures() {
    }

    public static Path faceApi() {
        return io.faceembed.testing.InstalledModels.faceApiPackage();
    }

    public static TfjsWeights landmarkWeights() throws IOException {
        return TfjsWeights.read(faceApi().resolve("model/face_landmark_68_model-weights_manifest.json"));
    }

    public static OnnxModel landmarkModel(Path dir) throws IOException {
        Path file = dir.resolve("face_landmark_68.onnx");
        Files.write(file, FaceLandmark68Converter.convert(landmarkWeights()));
        return new OnnxModel(file, SessionOptionsFactory.cpu(0));
    }

    /** The first {@code perPerson} portraits of every identity folder of sample/people, in name order. */
    public static List<Path> portraits(int perPerson) {
        try (Stream<Path> people = Files.list(TestPaths.people())) {
            List<Path> out = new ArrayList<>();
            for (Path person : people.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(person)) {
                    files.filter(f -> f.toString().toLowerCase().endsWith(".jpg")).sorted().limit(perPerson)
                            .forEach(out::add);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DecodedImage read(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            int w = img.getWidth();
            int h = img.getHeight();
            byte[] rgb = new byte[w * h * 3];
            int i = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = img.getRGB(x, y);
                    rgb[i++] = (byte) (p >> 16);
                    rgb[i++] = (byte) (p >> 8);
                    rgb[i++] = (byte) p;
                }
            }
            return DecodedImage.of(w, h, rgb);
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }
}
