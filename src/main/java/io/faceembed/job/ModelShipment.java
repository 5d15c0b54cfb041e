package io.faceembed.job;

import io.faceembed.config.EmbedOption;
import io.faceembed.config.PipelineSpec;
import io.faceembed.models.CheckedFile;
import io.faceembed.models.ModelStager;
import io.faceembed.models.ModelUnavailableException;
import io.faceembed.models.StagedModels;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Sends a pipeline's checked model files to every executor through Spark itself, as broadcast variables: each
 * executor fetches a file's bytes once, from the driver or from other executors, and writes them to its own disk
 * ({@link ShippedModelsOpener}), so no node needs a copy of the models folder or access to {@code --models-dir}.
 *
 * <p>Not {@code SparkContext.addFile}: Spark 4 isolates each session's artifacts
 * ({@code spark.sql.artifact.isolation.enabled}, on by default), and the tasks of a SQL execution receive only the
 * files added through their own session, so files added to the context never reach an executor of a cluster (in
 * local mode they seem to, since the driver is the executor). A broadcast reaches every task of the application.
 */
public final class ModelShipment {

    /** Where a remote {@code --models-dir} that lacks the built-in files has them taken from (and made). */
    static final Path BUILT_IN_MODELS = Path.of(EmbedOption.MODELS_DIR.defaultValue());

    /** ONNX files with their weights inside stay under protobuf's 2 GiB limit; a byte array holds that much. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    /** The broadcasts made in each Spark application, by SHA-256: a file is sent once per application. */
    private static final Map<SparkContext, Map<String, Broadcast<byte[]>>> SENT = new WeakHashMap<>();

    private ModelShipment() {
    }

    /**
     * Checks the spec's model files on the driver (a missing or damaged one fails here, before any task, with one
     * line naming the file and the fix) and ships them; the returned opener makes every executor open its own copy,
     * each checked against the driver's SHA-256.
     */
    public static PipelineOpener stageAndShip(SparkContext spark, PipelineSpec spec, PipelineOpener opener,
                                              PrintStream log) {
        ModelStager stager = new ModelStager(spark.hadoopConfiguration(), BUILT_IN_MODELS, log);
        return ship(spark, stager.stage(spec), opener);
    }

    /** Broadcasts the files not yet sent in this application and returns the opener that receives them. */
    static PipelineOpener ship(SparkContext spark, StagedModels staged, PipelineOpener opener) {
        List<ShippedModel> models = new ArrayList<>();
        for (CheckedFile f : staged.files()) {
            models.add(new ShippedModel(f, broadcast(spark, staged.dir().resolve(f.name()), f)));
        }
        return new ShippedModelsOpener(opener, models);
    }

    /** The SHA-256 of each file shipped in this Spark application so far. */
    static synchronized Set<String> shipped(SparkContext spark) {
        return new TreeSet<>(SENT.getOrDefault(spark, Map.of()).keySet());
    }

    private static synchronized Broadcast<byte[]> broadcast(SparkContext spark, Path file, CheckedFile checked) {
        Map<String, Broadcast<byte[]>> sent = SENT.computeIfAbsent(spark, k -> new HashMap<>());
        Broadcast<byte[]> bytes = sent.get(checked.sha256());
        if (bytes == null) {
            bytes = JavaSparkContext.fromSparkContext(spark).broadcast(read(file));
            sent.put(checked.sha256(), bytes);
        }
        return bytes;
    }

    private static byte[] read(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ModelUnavailableException("model file " + file + " is over 2 GiB: keep its weights in an"
                        + " ONNX file under 2 GiB (fp16 halves it)");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelUnavailableException("cannot read model file " + file + " to ship it: " + e.getMessage());
        }
    }
}
