package io.faceembed.job;

import io.faceembed.config.EmbedOption;
import io.faceembed.config.PipelineSpec;
import io.faceembed.models.CheckedFile;
import io.faceembed.models.ModelStager;
import io.faceembed.models.StagedModels;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.spark.SparkContext;

/**
 * Sends a pipeline's checked model files to every executor through Spark itself ({@code SparkContext.addFile}):
 * each executor fetches them into its own {@code SparkFiles} folder before its first task, from the driver's file
 * server, so no node needs a copy of the models folder or access to {@code --models-dir}.
 */
public final class ModelShipment {

    /** Where a remote {@code --models-dir} that lacks the built-in files has them taken from (and made). */
    static final Path BUILT_IN_MODELS = Path.of(EmbedOption.MODELS_DIR.defaultValue());

    private ModelShipment() {
    }

    /**
     * Checks the spec's model files on the driver (a missing or damaged one fails here, before any task, with one
     * line naming the file and the fix) and ships them; the returned opener makes every executor read Spark's
     * copies, each checked against the driver's SHA-256.
     */
    public static PipelineOpener stageAndShip(SparkContext spark, PipelineSpec spec, PipelineOpener opener,
                                              PrintStream log) {
        ModelStager stager = new ModelStager(spark.hadoopConfiguration(), BUILT_IN_MODELS, log);
        return ship(spark, stager.stage(spec), opener);
    }

    /** Adds the files to the Spark application and returns the opener that reads them on each executor. */
    static PipelineOpener ship(SparkContext spark, StagedModels staged, PipelineOpener opener) {
        for (CheckedFile f : staged.files()) {
            spark.addFile(staged.dir().resolve(f.name()).toUri().toString());
        }
        return new ShippedModelsOpener(opener, staged.files());
    }
}
