package io.faceembed.job;

import io.faceembed.config.PipelineSpec;
import io.faceembed.inference.FacePipeline;
import io.faceembed.models.CheckedFile;
import io.faceembed.models.ModelChecksums;
import io.faceembed.models.ModelUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkFiles;

/**
 * Opens the pipeline from the model files Spark delivered to this JVM ({@link ModelShipment}), never from
 * {@code --models-dir}: each file is first checked against the SHA-256 the driver found. As part of the
 * {@link PredictorHolder}'s key it runs once per executor JVM.
 */
record ShippedModelsOpener(PipelineOpener inner, List<CheckedFile> files) implements PipelineOpener {

    ShippedModelsOpener {
        files = List.copyOf(files);
    }

    @Override
    public boolean readsModelFiles() {
        return true;
    }

    @Override
    public FacePipeline open(PipelineSpec spec) {
        for (CheckedFile f : files) {
            verify(f);
        }
        return inner.open(spec.withModelsDir(SparkFiles.getRootDirectory()));
    }

    private static void verify(CheckedFile f) {
        Path received = Path.of(SparkFiles.get(f.name()));
        if (!Files.isRegularFile(received)) {
            throw new ModelUnavailableException("model file " + f.name() + " did not reach this executor (expected "
                    + received + ", shipped with SparkContext.addFile)");
        }
        String sha256 = ModelChecksums.sha256(received);
        if (!sha256.equals(f.sha256())) {
            throw new ModelUnavailableException("model file " + received + " is not what the driver shipped (sha256 "
                    + sha256 + ", expected " + f.sha256() + "): another file of that name was shipped before"
                    + " in this Spark application; run the job in a new one");
        }
    }
}
