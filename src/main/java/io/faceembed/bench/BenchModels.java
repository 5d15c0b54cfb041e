package io.faceembed.bench;

import io.faceembed.inference.FaceDetector;
import io.faceembed.inference.LandmarkDetector;
import io.faceembed.inference.dlib.DlibChipAligner;
import io.faceembed.inference.dlib.DlibEmbedder;
import io.faceembed.inference.landmarks.FaceLandmark68Detector;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.inference.ssd.SsdMobilenetDetector;
import io.faceembed.models.BuiltInModel;
import io.faceembed.models.PipelineFactory;
import io.faceembed.models.Precision;
import java.nio.file.Path;

/** The built-in models' steps, each alone, so that a stage can be timed without the others. */
public final class BenchModels implements AutoCloseable {

    public final FaceDetector detector;
    public final LandmarkDetector landmarks;
    public final DlibChipAligner aligner = new DlibChipAligner(DlibChipAligner.Fit.POINTS_68);
    public final DlibEmbedder embedder;

    /**
     * @param detectorModel   one of the built-in SSD files (float or 8-bit; the 8-bit one only in fp32)
     * @param recogniserModel one of the built-in recogniser files (likewise); the landmark net goes with it
     */
    public BenchModels(Path modelsDir, BuiltInModel detectorModel, BuiltInModel recogniserModel, Precision precision,
                       SessionOptionsFactory sessions) {
        detector = new SsdMobilenetDetector(PipelineFactory.detectorModel(
                modelsDir.resolve(detectorModel.onnxFile(precision)), sessions));
        landmarks = new FaceLandmark68Detector(new OnnxModel(
                modelsDir.resolve(BuiltInModel.landmarksFor(recogniserModel).onnxFile(precision)), sessions));
        embedder = new DlibEmbedder(new OnnxModel(
                modelsDir.resolve(recogniserModel.onnxFile(precision)), sessions));
    }

    @Override
    public void close() {
        detector.close();
        landmarks.close();
        embedder.close();
    }
}
