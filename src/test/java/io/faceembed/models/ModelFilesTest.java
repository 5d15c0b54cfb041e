package io.faceembed.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faceembed.config.PipelineSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only the files the chosen pipeline reads travel with the job. */
class ModelFilesTest {

    private static List<String> names(String model, String detector, String precision) {
        PipelineSpec spec = new PipelineSpec(model, detector, "hdfs://nn/models", "auto", 0, 0.5f, precision);
        return ModelFiles.of(spec).stream().map(n -> n.name() + (n.required() ? "" : "?")).toList();
    }

    @Test
    void theBuiltInPipelineShipsItsThreeNetsInTheChosenPrecision() {
        assertEquals(List.of("ssd_mobilenetv1.onnx", "dlib_face_recognition.onnx", "face_landmark_68.onnx"),
                names("Dlib", "ssd", "fp32"));
        assertEquals(List.of("ssd_mobilenetv1_fp16.onnx", "dlib_face_recognition_fp16.onnx",
                "face_landmark_68_fp16.onnx"), names("dlib", "SSD", "fp16"));
        assertEquals(List.of("ssd_mobilenetv1_int8.onnx", "dlib_face_recognition.onnx", "face_landmark_68.onnx"),
                names("Dlib", "ssd-int8", "fp32"));
        assertEquals(List.of("ssd_mobilenetv1.onnx", "dlib_face_recognition_int8.onnx", "face_landmark_68_int8.onnx"),
                names("Dlib-int8", "ssd", "fp32"));
    }

    @Test
    void aUserModelShipsItsFileAndSidecarAndLandmarksOnlyWhenTheDetectorGivesNone() {
        assertEquals(List.of("ssd_mobilenetv1.onnx", "arcface.onnx", "arcface.json?", "face_landmark_68.onnx"),
                names("ArcFace", "ssd", "fp32"));
        assertEquals(List.of("scrfd.onnx", "scrfd.json?", "mine.onnx", "mine.json"),
                names("mine", "scrfd", "fp32"));
    }

    @Test
    void builtInFilesAreCheckedAgainstTheirManifests() {
        PipelineSpec spec = PipelineSpec.defaults("models");
        assertEquals(List.of("ssd_mobilenetv1.manifest.json", "dlib_face_recognition.manifest.json",
                "face_landmark_68.manifest.json"),
                ModelFiles.of(spec).stream().map(ModelFiles.Needed::manifest).toList());
    }
}
