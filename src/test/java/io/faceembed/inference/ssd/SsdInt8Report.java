package io.faceembed.inference.ssd;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.models.convert.SsdMobilenetV1Converter;
import io.faceembed.models.tfjs.TfjsWeights;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection throughput of the float and the 8-bit detector on the sample's portraits and scenes, in calls of 16
 * images with ONNX Runtime's default threads. Measures, never asserts: {@code mvn test -Dtest=SsdInt8Report}.
 */
class SsdInt8Report {

    @Test
    void printsImagesPerSecondOfBoth(@TempDir Path dir) throws Exception {
        TfjsWeights weights = TfjsWeights.read(SsdFixtures.ssdManifest());
        List<DecodedImage> images = SsdFixtures.portraitsAndScenes();
        try (SsdMobilenetDetector floats = new SsdMobilenetDetector(
                SsdFixtures.model(dir, "float.onnx", SsdMobilenetV1Converter.convert(weights)), SsdSettings.defaults());
             SsdMobilenetDetector int8 = new SsdMobilenetDetector(
                     SsdFixtures.model(dir, "int8.onnx", SsdMobilenetV1Converter.convertInt8(weights)),
                     SsdSettings.defaults())) {
            SsdFixtures.detectAll(floats, images.subList(0, 16));
            SsdFixtures.detectAll(int8, images.subList(0, 16));
            // Rounds alternate between the two: the machine is shared.
            for (int round = 0; round < 3; round++) {
                System.out.printf(Locale.ROOT, "ssd-int8: %d images: float %.1f images/s, int8 %.1f images/s%n",
                        images.size(), rate(floats, images), rate(int8, images));
            }
        }
    }

    private static double rate(SsdMobilenetDetector detector, List<DecodedImage> images) {
        long start = System.nanoTime();
        SsdFixtures.detectAll(detector, images);
        return images.size() / ((System.nanoTime() - start) / 1e9);
    }
}
