package io.faceembed.inference;

import io.faceembed.imaging.DecodedImage;
import java.util.List;

/**
 * decode is done by the caller; this runs detect -> landmarks -> align -> embed -> L2-normalise on a batch of
 * decoded images and returns one outcome per image, in order. Thread-safe; owns its models and closes them.
 */
public interface FacePipeline extends AutoCloseable {

    List<ImageOutcome> process(List<DecodedImage> images);

    /** Model, detector, checksums of their files and alignment version: stored with every row. */
    PipelineSignature signature();

    int embeddingDimension();

    /** The ONNX Runtime execution provider that runs the models here: {@code CPU} or {@code CUDA:<gpu>}. */
    default String executionProvider() {
        return "CPU";
    }

    @Override
    void close();
}
