package io.faceembed.job;

import io.faceembed.config.PipelineSpec;
import io.faceembed.inference.FacePipeline;
import io.faceembed.models.CheckedFile;
import io.faceembed.models.ModelChecksums;
import io.faceembed.models.ModelUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.spark.SparkFiles;

/**
 * Opens the pipeline from the model files the driver shipped ({@link ModelShipment}), never from
 * {@code --models-dir}: on first use in a JVM it writes each file's bytes into a folder of its own under this
 * JVM's {@code SparkFiles} root (on an executor, its work folder), checked against the SHA-256 the driver found.
 * As part of the {@link PredictorHolder}'s key it runs once per executor JVM.
 */
record ShippedModelsOpener(PipelineOpener inner, List<ShippedModel> models) implements PipelineOpener {

    static final String FOLDER = "faceembed-models";

    ShippedModelsOpener {
        models = List.copyOf(models);
    }

    @Override
    public boolean readsModelFiles() {
        return true;
    }

    @Override
    public FacePipeline open(PipelineSpec spec) {
        Path dir = Path.of(SparkFiles.getRootDirectory()).toAbsolutePath().resolve(FOLDER).resolve(folderName());
        for (ShippedModel m : models) {
            receive(m, dir.resolve(m.file().name()));
        }
        return inner.open(spec.withModelsDir(dir.toString()));
    }

    /** One folder per set of files, so pipelines whose files share a name but not their bytes never meet. */
    private String folderName() {
        StringBuilder files = new StringBuilder();
        for (ShippedModel m : models) {
            files.append(m.file().name()).append('\0').append(m.file().sha256()).append('\n');
        }
        return ModelChecksums.sha256(files.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    private static void receive(ShippedModel model, Path target) {
        CheckedFile f = model.file();
        if (Files.isRegularFile(target) && ModelChecksums.sha256(target).equals(f.sha256())) {
            return;
        }
        byte[] bytes = model.bytes().value();
        String received = ModelChecksums.sha256(bytes);
        if (!received.equals(f.sha256())) {
            throw new ModelUnavailableException("model file " + f.name() + " reached this executor changed (sha256 "
                    + received + ", expected " + f.sha256() + "): it changed on the driver after the job checked it;"
                    + " run the job again");
        }
        try {
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), f.name(), ".part");
            Files.write(partial, bytes);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ModelUnavailableException("cannot write model file " + target + " on this executor: "
                    + e.getMessage());
        }
    }
}
