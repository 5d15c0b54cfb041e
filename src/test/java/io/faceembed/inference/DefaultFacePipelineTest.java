package io.faceembed.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.imaging.ImageDecoder;
import io.faceembed.inference.dlib.DlibEmbedder;
import io.faceembed.inference.landmarks.FaceApiAligner;
import io.faceembed.inference.landmarks.FaceLandmark68Detector;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
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

/** The pipeline's handling of detections, with the real landmark and recognition models on a real portrait. */
class DefaultFacePipelineTest {

    /** Where an LFW 250x250 portrait holds its face. */
    private static final Detection FACE = new Detection(70, 70, 180, 190, 0.99f, null);
    /** A box that reaches the image only by a fraction of a pixel: no whole pixel to cut. */
    private static final Detection SLIVER = new Detection(249.5f, 100, 260, 140, 0.98f, null);

    private static OnnxModel landmarkModel;
    private static OnnxModel recogniser;
    private static DecodedImage portrait;

    @BeforeAll
    static void load() throws Exception {
        Path models = InstalledModels.dir();
        SessionOptionsFactory cpu = SessionOptionsFactory.cpu(0);
        landmarkModel = new OnnxModel(models.resolve(BuiltInModel.FACE_LANDMARK_68.onnxFile()), cpu);
        recogniser = new OnnxModel(models.resolve(BuiltInModel.FACE_RECOGNITION.onnxFile()), cpu);
        Path file;
        try (Stream<Path> walk = Files.walk(TestPaths.people())) {
            file = walk.filter(p -> p.toString().endsWith(".jpg")).sorted().findFirst().orElseThrow();
        }
        portrait = new ImageDecoder().decode(Files.readAllBytes(file), file.toString());
    }

    @AfterAll
    static void close() {
        landmarkModel.close();
        recogniser.close();
    }

    @Test
    void aBoxWithoutAWholePixelIsDroppedAndTheImagesOtherFacesKept() {
        List<ImageOutcome> alone = pipeline(List.of(FACE)).process(List.of(portrait, portrait));
        List<ImageOutcome> withSliver = pipeline(List.of(SLIVER, FACE)).process(List.of(portrait, portrait));

        for (int i = 0; i < 2; i++) {
            ImageOutcome outcome = withSliver.get(i);
            assertEquals(ImageOutcome.Status.OK, outcome.status(), "image " + i + ": " + outcome.reason());
            assertEquals(1, outcome.faces().size(), "image " + i);
            Face face = outcome.faces().get(0);
            assertEquals(0, face.index(), "the kept face is numbered from 0");
            assertEquals(FACE.x1(), face.detection().x1());
            assertArrayEquals(alone.get(i).faces().get(0).embedding(), face.embedding(), 1e-5f);
        }
    }

    @Test
    void anImageWhoseOnlyBoxHoldsNoPixelHasNoFace() {
        ImageOutcome outcome = pipeline(List.of(SLIVER)).process(List.of(portrait)).get(0);

        assertEquals(ImageOutcome.Status.NO_FACE, outcome.status(), String.valueOf(outcome.reason()));
    }

    /** The real models behind a detector that reports {@code boxes} on every image. */
    private static DefaultFacePipeline pipeline(List<Detection> boxes) {
        FaceDetector fixedBoxes = new FaceDetector() {
            @Override
            public List<List<Detection>> detect(List<DecodedImage> images) {
                List<List<Detection>> out = new ArrayList<>();
                images.forEach(image -> out.add(boxes));
                return out;
            }

            @Override
            public String name() {
                return "fixed-boxes";
            }

            @Override
            public void close() {
            }
        };
        return new DefaultFacePipeline(fixedBoxes, new FaceLandmark68Detector(landmarkModel), new FaceApiAligner(),
                new DlibEmbedder(recogniser), new PipelineSignature("Dlib", "fixed", "test", "test", "test"),
                List.of(), "CPU");
    }
}
