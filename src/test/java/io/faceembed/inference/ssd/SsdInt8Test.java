package io.faceembed.inference.ssd;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.Detection;
import io.faceembed.inference.onnx.Int8CpuSupport;
import io.faceembed.models.convert.SsdMobilenetV1Converter;
import io.faceembed.models.tfjs.TfjsWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 8-bit detector finds the faces the float one finds, on the sample's portraits and group scenes. */
class SsdInt8Test {

    private static final double CLEAR_FACE = 0.6;

    @Test
    void findsTheFacesOfTheFloatDetector(@TempDir Path dir) throws Exception {
        assumeTrue(Int8CpuSupport.problem() == null, "8-bit models need VNNI or AMX on x86-64");
        TfjsWeights weights = TfjsWeights.read(SsdFixtures.ssdManifest());
        List<DecodedImage> images = SsdFixtures.portraitsAndScenes();
        List<List<Detection>> floats;
        List<List<Detection>> int8;
        try (SsdMobilenetDetector detector = new SsdMobilenetDetector(
                SsdFixtures.model(dir, "float.onnx", SsdMobilenetV1Converter.convert(weights)), SsdSettings.defaults())) {
            floats = SsdFixtures.detectAll(detector, images);
        }
        try (SsdMobilenetDetector detector = new SsdMobilenetDetector(
                SsdFixtures.model(dir, "int8.onnx", SsdMobilenetV1Converter.convertInt8(weights)),
                SsdSettings.defaults())) {
            int8 = SsdFixtures.detectAll(detector, images);
        }

        int sameCount = 0;
        int faces = 0;
        double iouSum = 0;
        List<String> lost = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            sameCount += floats.get(i).size() == int8.get(i).size() ? 1 : 0;
            for (Detection d : floats.get(i)) {
                double best = d.bestIou(int8.get(i));
                faces++;
                iouSum += best;
                // A face scoring at the threshold's edge may fall either side of it under 8-bit rounding.
                if (best < 0.5 && d.score() >= CLEAR_FACE) {
                    lost.add("image " + i + " " + d);
                }
            }
        }
        double meanIou = iouSum / faces;
        System.out.printf(Locale.ROOT, "ssd-int8: same face count on %d/%d images; %d float faces, mean best IoU "
                + "%.4f, lost %s%n", sameCount, images.size(), faces, meanIou, lost);
        assertTrue(faces >= 200, "the float detector found only " + faces + " faces");
        assertTrue(sameCount >= 0.95 * images.size(), "same face count on only " + sameCount + " images");
        assertTrue(lost.isEmpty(), "clear faces the 8-bit detector lost (IoU < 0.5): " + lost);
        assertTrue(meanIou >= 0.92, "mean IoU " + meanIou);
    }
}
