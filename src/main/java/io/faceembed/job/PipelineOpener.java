package io.faceembed.job;

import io.faceembed.config.PipelineSpec;
import io.faceembed.inference.FacePipeline;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.models.PipelineFactory;
import org.apache.spark.TaskContext;
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
            return PipelineFactory.open(spec, SessionOptionsFactory.forDevice(spec.device(), spec.threads(), gpuId()));
        }

        /** The GPU Spark assigned to this task's executor (spark.executor.resource.gpu.amount), else 0. */
        static int gpuId() {
            TaskContext task = TaskContext.get();
            if (task == null || !task.resources().contains("gpu")) {
                return 0;
            }
            String[] addresses = task.resources().apply("gpu").addresses();
            return addresses.length == 0 ? 0 : Integer.parseInt(addresses[0].strip());
        }

        private Object readResolve() {
            return MODELS;
        }
    }
}
