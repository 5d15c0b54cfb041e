package io.faceembed.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceembed.imaging.DecodedImage;
import io.faceembed.imaging.ImageDecoder;
import io.faceembed.inference.DefaultFacePipeline;
import io.faceembed.inference.Detection;
import io.faceembed.inference.Face;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.ImageOutcome;
import io.faceembed.inference.PipelineSignature;
import io.faceembed.inference.dlib.DlibEmbedder;
import io.faceembed.inference.landmarks.FaceApiAligner;
import io.faceembed.inference.landmarks.FaceLandmark68Detector;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.inference.ssd.SsdMobilenetDetector;
import io.faceembed.inference.ssd.SsdSettings;
import io.faceembed.models.BuiltInModel;
import io.faceembed.testing.InstalledModels;
import io.faceembed.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our converted models against face-api itself, on every portrait of sample/people: the embedder on identical
 * chips (cosine >= 0.9999), the detector at the same thresholds (same face count, IoU >= 0.9), and the whole
 * pipeline (descriptor cosine >= 0.99).
 */
class FaceApiParityTest {

    private static final List<String> names = new ArrayList<>();
    private static final List<DecodedImage> images = new ArrayList<>();
    private static FaceApiReference faceApi;
    private static JsonNode reference;
    private static OnnxModel ssd;
    private static OnnxModel landmarks;
    private static OnnxModel recogniser;

    @BeforeAll
    static void runBothImplementations() throws Exception {
        Path people = TestPaths.people();
        ImageDecoder decoder = new ImageDecoder();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(people)) {
            files = walk.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        for (Path f : files) {
            names.add(people.relativize(f).toString());
            images.add(decoder.decode(Files.readAllBytes(f), f.toString()));
        }
        faceApi = new FaceApiReference(Path.of("parity").toAbsolutePath(), Path.of("target", "parity"));
        reference = faceApi.run(names, images);

        Path models = InstalledModels.dir();
        SessionOptionsFactory cpu = SessionOptionsFactory.cpu(0);
        ssd = new OnnxModel(models.resolve(BuiltInModel.SSD_MOBILENET_V1.onnxFile()), cpu);
        landmarks = new OnnxModel(models.resolve(BuiltInModel.FACE_LANDMARK_68.onnxFile()), cpu);
        recogniser = new OnnxModel(models.resolve(BuiltInModel.FACE_RECOGNITION.onnxFile()), cpu);
    }

    @AfterAll
    static void close() {
        for (OnnxModel m : new OnnxModel[] {ssd, landmarks, recogniser}) {
            if (m != null) {
                m.close();
            }
        }
    }

    @Test
    void embedderMatchesFaceApiOnIdenticalChips() throws Exception {
        DlibEmbedder embedder = new DlibEmbedder(recogniser);
        double worst = 1;
        for (int i = 0; i < images.size(); i++) {
            float[] ours = embedder.embed(List.of(new FaceChip(150, faceApi.chip(i))))[0];
            worst = Math.min(worst, cosine(ours, floats(reference.get(i).get("chipDescriptor"))));
        }
        System.out.printf("parity: embedder on %d identical chips, worst cosine %.6f%n", images.size(), worst);
        assertTrue(worst >= 0.9999, "worst cosine " + worst);
    }

    @Test
    void detectorFindsTheSameFacesAsFaceApi() {
        SsdMobilenetDetector detector = new SsdMobilenetDetector(ssd, SsdSettings.faceApiParity());
        List<List<Detection>> ours = new ArrayList<>();
        for (int start = 0; start < images.size(); start += 16) {
            ours.addAll(detector.detect(images.subList(start, Math.min(images.size(), start + 16))));
        }
        int sameCount = 0;
        int faces = 0;
        double worstIou = 1;
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            JsonNode theirs = reference.get(i).get("detections");
            if (theirs.size() == ours.get(i).size()) {
                sameCount++;
            } else {
                mismatches.add(names.get(i) + ": face-api " + theirs.size() + ", ours " + ours.get(i).size());
            }
            for (JsonNode d : theirs) {
                faces++;
                worstIou = Math.min(worstIou, box(d.get("box")).bestIou(ours.get(i)));
            }
        }
        System.out.printf("parity: detector same face count on %d/%d images, %d faces, worst IoU %.4f %s%n",
                sameCount, images.size(), faces, worstIou, mismatches);
        assertEquals(images.size(), sameCount, "face counts differ: " + mismatches);
        assertTrue(worstIou >= 0.9, "worst IoU " + worstIou);
    }

    @Test
    void wholePipelineGivesFaceApisDescriptors() {
        PipelineSignature signature = new PipelineSignature("Dlib", "ssd", "parity", "parity", "parity");
        DefaultFacePipeline pipeline = new DefaultFacePipeline(
                new SsdMobilenetDetector(ssd, SsdSettings.faceApiParity()), new FaceLandmark68Detector(landmarks),
                new FaceApiAligner(), new DlibEmbedder(recogniser), signature, List.of(), "CPU");
        List<ImageOutcome> outcomes = new ArrayList<>();
        for (int start = 0; start < images.size(); start += 16) {
            outcomes.addAll(pipeline.process(images.subList(start, Math.min(images.size(), start + 16))));
        }
        double worst = 1;
        int compared = 0;
        for (int i = 0; i < images.size(); i++) {
            for (JsonNode theirs : reference.get(i).get("faces")) {
                Detection theirBox = box(theirs.get("box"));
                Face match = outcomes.get(i).faces().stream()
                        .max((a, b) -> Float.compare(a.detection().iou(theirBox), b.detection().iou(theirBox)))
                        .orElse(null);
                double cos = match == null ? 0 : cosine(match.embedding(), floats(theirs.get("descriptor")));
                worst = Math.min(worst, cos);
                compared++;
            }
        }
        System.out.printf("parity: whole pipeline, %d faces, worst descriptor cosine %.5f%n", compared, worst);
        assertTrue(compared >= 150, "face-api found only " + compared + " faces");
        assertTrue(worst >= 0.99, "worst descriptor cosine " + worst);
    }

    private static Detection box(JsonNode xywh) {
        float x = (float) xywh.get(0).asDouble();
        float y = (float) xywh.get(1).asDouble();
        return new Detection(x, y, x + (float) xywh.get(2).asDouble(), y + (float) xywh.get(3).asDouble(), 1f, null);
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
