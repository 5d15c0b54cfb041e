package io.faceembed.models;

import io.faceembed.inference.FaceAligner;
import io.faceembed.inference.FaceDetector;
import io.faceembed.inference.FaceEmbedder;
import io.faceembed.inference.adapters.ArcFaceEmbedder;
import io.faceembed.inference.adapters.EyeRotationAligner;
import io.faceembed.inference.adapters.FacenetEmbedder;
import io.faceembed.inference.adapters.OnnxChipEmbedder;
import io.faceembed.inference.adapters.ScrfdDetector;
import io.faceembed.inference.adapters.SimilarityAligner;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import java.nio.file.Path;

/** Opens the adapter for a user-supplied model that {@link ModelCatalog} resolved (not for built-ins). */
public final class UserModelLoader {

    private UserModelLoader() {
    }

    /**
     * The embedder for {@code d}; refuses a file whose embedding length is not the one the name promises (say,
     * Facenet512's file saved as facenet.onnx).
     */
    public static OnnxChipEmbedder openEmbedder(ModelCatalog.Descriptor d, Path modelsDir,
                                                SessionOptionsFactory options) {
        Path file = d.path(modelsDir);
        OnnxModel model = new OnnxModel(file, options);
        OnnxChipEmbedder embedder;
        try {
            embedder = switch (d.family()) {
                case ARCFACE -> new ArcFaceEmbedder(model, d.name(), d.preprocessing());
                case FACENET -> new FacenetEmbedder(model, d.name(), d.preprocessing());
                default -> throw new IllegalArgumentException(d.name() + " is not an ONNX embedder (" + d.family() + ")");
            };
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        if (d.dimension() > 0 && embedder.dimension() != d.dimension()) {
            int found = embedder.dimension();
            embedder.close();
            throw new ModelUnavailableException("model " + d.name() + ": " + file + " gives " + found
                    + "-D embeddings, but " + d.name() + " is " + d.dimension() + "-D; check that the right file was copied");
        }
        return embedder;
    }

    /** The alignment the family was trained with, producing chips of the embedder's input size. */
    public static FaceAligner alignerFor(ModelCatalog.Descriptor d, FaceEmbedder embedder) {
        int size = ((OnnxChipEmbedder) embedder).inputSize();
        return switch (d.family()) {
            case ARCFACE -> new SimilarityAligner(size);
            case FACENET -> new EyeRotationAligner(size);
            default -> throw new IllegalArgumentException(d.name() + " has no ONNX aligner (" + d.family() + ")");
        };
    }

    public static FaceDetector openDetector(ModelCatalog.Descriptor d, Path modelsDir, SessionOptionsFactory options,
                                            float minConfidence) {
        if (d.family() != ModelCatalog.Family.SCRFD) {
            throw new IllegalArgumentException(d.name() + " is not an ONNX detector (" + d.family() + ")");
        }
        OnnxModel model = new OnnxModel(d.path(modelsDir), options);
        try {
            return new ScrfdDetector(model, d.name(), minConfidence);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
