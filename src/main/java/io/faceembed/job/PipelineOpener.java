package io.faceembed.job;

import io.faceembed.config.PipelineSpec;
import io.faceembed.inference.FacePipeline;
import io.faceembed.models.PipelineFactory;
import java.io.Serializable;

/** How an executor builds its pipeline; shipped to executors, so it is a named serializable class, not a lambda. */
public interface PipelineOpener extends Serializable {

    FacePipeline open(PipelineSpec spec);

    /** The model files named by the spec, through {@link PipelineFactory}. */
    PipelineOpener MODELS = new FromModels();

    final class FromModels implements PipelineOpener {
        private static final long serialVersionUID = 1L;

        @Override
        public FacePipeline open(PipelineSpec spec) {
            return PipelineFactory.open(spec);
        }

        private Object readResolve() {
            return MODELS;
        }
    }
}
