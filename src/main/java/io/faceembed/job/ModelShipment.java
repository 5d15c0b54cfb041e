package io.faceembed.job;

import io.faceembed.models.CheckedFile;
import io.faceembed.models.StagedModels;
import org.apache.spark.SparkContext;

/**
 * Sends a pipeline's checked model files to every executor through Spark itself ({@code SparkContext.addFile}):
 * each executor fetches them into its own {@code SparkFiles} folder before its first task, from the driver's file
 * server, so no node needs a copy of the models folder or access to {@code --models-dir}.
 */
final class ModelShipment {

    private ModelShipment() {
    }

    /** Adds the files to the Spark application and returns the opener that reads them on each executor. */
    static PipelineOpener ship(SparkContext spark, StagedModels staged, PipelineOpener opener) {
        for (CheckedFile f : staged.files()) {
            spark.addFile(staged.dir().resolve(f.name()).toUri().toString());
        }
        return new ShippedModelsOpener(opener, staged.files());
    }
}
