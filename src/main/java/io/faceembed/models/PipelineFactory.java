package io.faceembed.models;

import io.faceembed.config.PipelineSpec;
import io.faceembed.inference.DefaultFacePipeline;
import io.faceembed.inference.FaceAligner;
import io.faceembed.inference.FaceDetector;
import io.faceembed.inference.FaceEmbedder;
import io.faceembed.inference.FacePipeline;
import io.faceembed.inference.LandmarkDetector;
import io.faceembed.inference.PipelineSignature;
import io.faceembed.inference.dlib.DlibEmbedder;
import io.faceembed.inference.landmarks.FaceApiAligner;
import io.faceembed.inference.landmarks.FaceLandmark68Detector;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.inference.ssd.SsdMobilenetDetector;
import io.faceembed.inference.ssd.SsdSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds the face pipeline that a {@link PipelineSpec} names from the files in its models folder. */
public final class PipelineFactory {

    private PipelineFactory() {
    }

    public static FacePipeline open(PipelineSpec spec) {
        return open(spec, SessionOptionsFactory.forDevice(spec.device(), spec.threads(), 0));
    }

    public static FacePipeline open(PipelineSpec spec, SessionOptionsFactory sessions) {
        Path dir = spec.modelsPath();
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            DetectorPart detector = openDetector(spec, dir, sessions, owned);
            EmbedderPart embedder = openEmbedder(spec, dir, sessions, owned);
            PipelineSignature signature = new PipelineSignature(canonicalModel(spec.model()),
                    canonicalDetector(spec.detector()), embedder.sha256, detector.sha256, embedder.aligner.version());
            return new DefaultFacePipeline(detector.detector, embedder.landmarks, embedder.aligner, embedder.embedder,
                    signature, owned);
        } catch (RuntimeException e) {
            closeQuietly(owned, e);
            throw e;
        }
    }

    /** The signature a pipeline of {@code spec} would have, without loading any model. */
    public static PipelineSignature signatureOf(PipelineSpec spec) {
        try (FacePipeline p = open(spec, SessionOptionsFactory.cpu(1))) {
            return p.signature();
        }
    }

    private record DetectorPart(FaceDetector detector, String sha256) {
    }

    private record EmbedderPart(FaceEmbedder embedder, LandmarkDetector landmarks, FaceAligner aligner,
                                String sha256) {
    }

    private static DetectorPart openDetector(PipelineSpec spec, Path dir, SessionOptionsFactory sessions,
                                             List<AutoCloseable> owned) {
        if (!canonicalDetector(spec.detector()).equals(PipelineSpec.DEFAULT_DETECTOR)) {
            throw new IllegalArgumentException("--detector " + spec.detector()
                    + ": only the built-in 'ssd' is wired in this build");
        }
        Path file = builtIn(dir, BuiltInModel.SSD_MOBILENET_V1);
        OnnxModel model = track(owned, new OnnxModel(file, sessions));
        SsdSettings settings = SsdSettings.defaults().withMinConfidence(spec.minConfidence());
        return new DetectorPart(new SsdMobilenetDetector(model, settings), sha256(file));
    }

    private static EmbedderPart openEmbedder(PipelineSpec spec, Path dir, SessionOptionsFactory sessions,
                                             List<AutoCloseable> owned) {
        if (!canonicalModel(spec.model()).equals(PipelineSpec.DEFAULT_MODEL)) {
            throw new IllegalArgumentException("--model " + spec.model()
                    + ": only the built-in 'Dlib' is wired in this build");
        }
        Path recogniser = builtIn(dir, BuiltInModel.FACE_RECOGNITION);
        Path landmarkFile = builtIn(dir, BuiltInModel.FACE_LANDMARK_68);
        OnnxModel rec = track(owned, new OnnxModel(recogniser, sessions));
        OnnxModel lm = track(owned, new OnnxModel(landmarkFile, sessions));
        return new EmbedderPart(new DlibEmbedder(rec), new FaceLandmark68Detector(lm), new FaceApiAligner(),
                sha256(recogniser) + sha256(landmarkFile).substring(0, 8));
    }

    private static Path builtIn(Path dir, BuiltInModel m) {
        Path file = dir.resolve(m.onnxFile());
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("model file " + file + " is missing: run 'bin/faceembed models install'"
                    + " (needs npm and the npm registry)");
        }
        return file;
    }

    static String canonicalModel(String name) {
        return name.equalsIgnoreCase(PipelineSpec.DEFAULT_MODEL) ? PipelineSpec.DEFAULT_MODEL : name;
    }

    static String canonicalDetector(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static <T extends AutoCloseable> T track(List<AutoCloseable> owned, T resource) {
        owned.add(resource);
        return resource;
    }

    private static String sha256(Path file) {
        try {
            return ModelInstaller.sha256(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void closeQuietly(List<AutoCloseable> owned, RuntimeException cause) {
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
    }
}
