package io.faceembed.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.Detection;
import io.faceembed.inference.FaceRef;
import io.faceembed.inference.PixelBox;
import io.faceembed.inference.landmarks.FaceApiAligner;
import io.faceembed.inference.landmarks.FaceLandmark68Detector;
import io.faceembed.inference.landmarks.LandmarkFixtures;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our landmarks, aligned boxes and recognition chips against face-api's own, computed by parity/landmarks.js
 * (face-api 1.7.15, tfjs wasm backend) on the same pixels and boxes (see {@link LandmarkParityInputs}).
 */
class LandmarkParityTest {

    @Test
    void landmarksAlignedBoxesAndChipsMatchFaceApi(@TempDir Path dir) throws Exception {
        JsonNode results;
        try (InputStream in = getClass().getResourceAsStream("/parity/faceapi-landmarks.json")) {
            results = new ObjectMapper().readTree(in).get("results");
        }
        List<Path> files = LandmarkParityInputs.portraits();
        List<FaceRef> faces = new ArrayList<>();
        for (Path f : files) {
            DecodedImage img = LandmarkFixtures.read(f);
            for (float[] b : LandmarkParityInputs.BOXES) {
                faces.add(new FaceRef(img, new Detection(b[0], b[1], b[2], b[3], 0.99f, null)));
            }
        }
        assertEquals(faces.size(), results.size());

        List<float[]> ours;
        try (FaceLandmark68Detector detector = new FaceLandmark68Detector(LandmarkFixtures.landmarkModel(dir), 16, false)) {
            ours = detector.locate(faces);
        }
        FaceApiAligner aligner = new FaceApiAligner();
        double worstPoint = 0;
        double worstChip = 0;
        for (int f = 0; f < faces.size(); f++) {
            JsonNode ref = results.get(f);
            assertEquals(files.get(f / LandmarkParityInputs.BOXES.length).getFileName().toString(),
                    ref.get("name").asText());
            for (int i = 0; i < 136; i++) {
                worstPoint = Math.max(worstPoint, Math.abs(ours.get(f)[i] - ref.get("landmarks").get(i).asDouble()));
            }
            JsonNode r = ref.get("alignedRect");
            PixelBox expected = PixelBox.clipLikeFaceApi(r.get(0).asDouble(), r.get(1).asDouble(),
                    r.get(2).asDouble(), r.get(3).asDouble(), faces.get(f).image().width(),
                    faces.get(f).image().height());
            assertEquals(expected, aligner.chipBox(faces.get(f), ours.get(f)), "aligned box of face " + f);

            float[] chip = aligner.chipTensor(faces.get(f), ours.get(f));
            JsonNode sample = ref.get("chipEvery499th");
            for (int k = 0; k < sample.size(); k++) {
                worstChip = Math.max(worstChip, Math.abs(chip[k * 499] - sample.get(k).asDouble()));
            }
            double total = 0;
            for (float v : chip) {
                total += v;
            }
            assertEquals(ref.get("chipTotal").asDouble(), total, 1e-3 * chip.length, "chip total of face " + f);
        }
        System.out.printf(Locale.ROOT, "parity with face-api: landmarks max |diff| %.5f px, chip max |diff| %.5f%n",
                worstPoint, worstChip);
        assertTrue(worstPoint < 0.01, "landmarks differ from face-api's by up to " + worstPoint + " px");
        assertTrue(worstChip < 1e-3, "chips differ from face-api's by up to " + worstChip);
    }
}
