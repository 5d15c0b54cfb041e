package io.faceembed.bench;

import io.faceembed.config.EmbedSettings;
import io.faceembed.config.PipelineSpec;
import io.faceembed.job.EmbedJob;
import io.faceembed.job.PipelineOpener;
import io.faceembed.progress.JobReport;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The embed job itself on a tree, into a fresh Delta store, with --min-images 1. */
public final class EndToEndBench {

    /** The job's figure: images processed (embedded, no face or failed) over the whole run, listing included. */
    /** @param ranOn the execution providers the job's tasks ran on, e.g. {@code CUDA:0} */
    public record Result(Rate rate, JobReport report, String ranOn) {
    }

    static final long WARM_UP_FROM = 50;

    private final SparkSession spark;

    public EndToEndBench(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * @param pipeline   the models, their folder and the device the job runs
     * @param opener     what the executors open: the models, or the bench's CPU-side stand-in
     * @param modelBatch images per model call
     * @param limit      images to embed (0: all of the tree)
     */
    public Result run(Path tree, Path store, PipelineSpec pipeline, PipelineOpener opener, int modelBatch,
                      int workers, long limit) {
        // An untimed run of a few images first: models loaded, Spark and Delta warmed up, as in any long job
        // (left out for tiny runs, where it would cost more than the run itself).
        if (limit == 0 || limit >= WARM_UP_FROM) {
            run(quietJob(opener), settings(tree, store.resolveSibling(store.getFileName() + "-warmup"), pipeline,
                    workers, 2L * workers).withModelBatch(modelBatch));
        }
        EmbedSettings settings = settings(tree, store, pipeline, workers, limit).withModelBatch(modelBatch);
        EmbedJob job = quietJob(opener);
        Stopwatch w = Stopwatch.start();
        JobReport report = run(job, settings);
        Rate rate = w.stop(report.processed());
        return new Result(rate, report, job.ranOn().isEmpty() ? "unknown" : String.join(", ", job.ranOn()));
    }

    private EmbedJob quietJob(PipelineOpener opener) {
        return new EmbedJob(spark, opener, new PrintStream(OutputStream.nullOutputStream()));
    }

    private static JobReport run(EmbedJob job, EmbedSettings settings) {
        SparkBench.deleteTree(Path.of(settings.store().location()));
        return job.run(settings);
    }

    private static EmbedSettings settings(Path tree, Path store, PipelineSpec pipeline, int workers, long limit) {
        return EmbedSettings.of(tree.toString(), false, 1, pipeline.model(), pipeline.detector(), workers, 100, 1000,
                "delta:" + store.toAbsolutePath(), "face_embeddings", null, limit > 0 ? limit : null, false, false,
                pipeline.modelsDir(), pipeline.device(), null, false).withPrecision(pipeline.precision())
                .withAugment(pipeline.augment().label());
    }
}
