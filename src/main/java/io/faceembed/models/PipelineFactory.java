package io.faceembed.models;

import io.faceembed.config.PipelineSpec;
import io.faceembed.inference.FacePipeline;

/** Builds the face pipeline that a {@link PipelineSpec} names from the files in its models folder. */
public final class PipelineFactory {

    private PipelineFactory() {
    }

    public static FacePipeline open(PipelineSpec spec) {
        throw new UnsupportedOperationException("model wiring lands with the converter");
    }
}
