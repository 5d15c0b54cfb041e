package io.faceembed.job;

import static org.apache.spark.sql.functions.col;

import io.faceembed.config.EmbedSettings;
import io.faceembed.inference.FacePipeline;
import io.faceembed.inference.ImageOutcome;
import io.faceembed.inference.PipelineSignature;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.listing.ImageFile;
import io.faceembed.listing.ImageLister;
import io.faceembed.listing.ImageListing;
import io.faceembed.planning.WorkPlan;
import io.faceembed.planning.WorkPlanner;
import io.faceembed.progress.JobHtmlReport;
import io.faceembed.progress.JobReport;
import io.faceembed.progress.ProgressLine;
import io.faceembed.sinks.ResultSchema;
import io.faceembed.sinks.ResultSink;
import io.faceembed.sinks.Sinks;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;

/**
 * {@code faceembed embed}: list the images, plan what is not stored yet, embed it on the executors and write the
 * results, wave by wave. Each wave (at first {@link EmbedSettings#waveSize()} images, then as many as ~30 s of
 * embedding covers: {@link WaveSizer}) is embedded and counted, then committed by a {@link WaveWriter} while the
 * next wave is embedded: a crash loses at most the two waves in flight (one being written, one being embedded),
 * and a re-run skips every committed wave.
 */
public final class EmbedJob {

    /** Failed images listed by name in the HTML report; the counts cover all of them. */
    static final int MAX_FAILURES_REPORTED = 10_000;

    private final SparkSession spark;
    private final PipelineOpener opener;
    private final PrintStream out;
    private SortedSet<String> ranOn = Collections.emptySortedSet();

    public EmbedJob(SparkSession spark, PipelineOpener opener, PrintStream out) {
        this.spark = spark;
        this.opener = opener;
        this.out = out;
    }

    /** The execution providers the last run's tasks ran on, each once (e.g. [CUDA:0]); empty before a run. */
    public SortedSet<String> ranOn() {
        return ranOn;
    }

    public JobReport run(EmbedSettings settings) {
        long start = System.nanoTime();
        PipelineOpener tasks = opener.readsModelFiles() ? shipModels(settings) : opener;
        ImageListing listing = listImages(settings);
        // The driver only reads the signature and the embedding size, so on a cluster it opens the models on CPU
        // (its machine may have no GPU); in a local run it is the executor, and opens the tasks' own pipeline.
        FacePipeline pipeline = PredictorHolder.get(spark.sparkContext().isLocal() ? settings.pipeline()
                : settings.pipeline().onCpu(), tasks);
        PipelineSignature signature = pipeline.signature();
        try (ResultSink sink = Sinks.open(spark, settings.store(), settings.table(), settings.dbBatchSize(),
                pipeline.embeddingDimension(), settings.storeProperties())) {
            sink.prepare();
            WorkPlan plan = planWork(listing, sink, signature.id(), settings);
            if (settings.dryRun()) {
                out.print(PlanPrinter.describe(settings, listing, plan, signature.id(), sink.describe()));
                return report(listing, plan, WaveCounts.NONE, start);
            }
            EmbedCounters counters = new EmbedCounters(spark.sparkContext());
            ResultRows.Producer producer = new ResultRows.Producer(signature.model(), signature.detector(), signature.id());
            EmbedPartitions embed = embedFunction(listing.root(), settings, tasks, producer, counters);
            WaveCounts done = WaveCounts.NONE;
            List<JobHtmlReport.Failure> failures = new ArrayList<>();
            List<JobHtmlReport.Sample> timeline;
            try (ProgressLine progress = ProgressLine.start(counters, plan.todo().size(), out);
                 WaveWriter writer = new WaveWriter(sink)) {
                WaveSizer sizer = new WaveSizer(settings.waveSize(), settings.chunkSize());
                List<ImageFile> todo = plan.todo();
                for (int from = 0; from < todo.size(); ) {
                    List<ImageFile> wave = todo.subList(from, Math.min(todo.size(), from + sizer.next()));
                    from += wave.size();
                    long began = System.nanoTime();
                    Dataset<Row> results = embedPartitions(wave, settings, embed).persist(StorageLevel.MEMORY_AND_DISK());
                    try {
                        WaveCounts counts = WaveCounts.of(results);
                        sizer.embedded(wave.size(), (System.nanoTime() - began) / 1e9);
                        if (counts.failed() > 0 && failures.size() < MAX_FAILURES_REPORTED) {
                            failures.addAll(failuresOf(results, MAX_FAILURES_REPORTED - failures.size()));
                        }
                        done = done.plus(counts);
                        writer.submit(results);
                    } catch (RuntimeException e) {
                        results.unpersist();
                        throw e;
                    }
                }
                writer.finish();
                timeline = progress.timeline();
            }
            JobReport report = report(listing, plan, done, start);
            out.println(report.summary());
            SortedSet<String> providers = counters.executionProviders();
            this.ranOn = providers;
            String providerList = String.join(", ", providers);
            if (!providerList.isEmpty()) {
                out.println("inference ran on: " + providerList + " (--device " + settings.pipeline().device() + ")");
            }
            if ("auto".equals(settings.pipeline().device()) && providers.contains("CPU")
                    && SessionOptionsFactory.cudaInThisBuild()) {
                out.println("WARNING: --device auto: this is a GPU build but tasks ran on CPU (no GPU, or CUDA could"
                        + " not start: see the executors' logs); use --device gpu to fail instead");
            }
            writeReports(settings, report, providerList, failures, timeline);
            return report;
        }
    }

    /**
     * Checks the pipeline's model files on the driver (a missing or damaged one fails here, before any task) and
     * ships them with the job; the returned opener makes every executor, and this driver, read Spark's copies.
     */
    PipelineOpener shipModels(EmbedSettings settings) {
        return ModelShipment.stageAndShip(spark.sparkContext(), settings.pipeline(), opener, out);
    }

    ImageListing listImages(EmbedSettings settings) {
        ImageLister lister = new ImageLister(spark.sparkContext().hadoopConfiguration());
        return lister.list(settings.folder(), settings.recursive(), settings.minImages());
    }

    WorkPlan planWork(ImageListing listing, ResultSink sink, String signature, EmbedSettings settings) {
        Dataset<Row> stored = sink.storedKeys(signature, settings.retryFailed());
        return WorkPlanner.plan(listing, listing.toDataset(spark), stored, settings.limit());
    }

    /** The task function of every wave: the Hadoop configuration is broadcast once per job. */
    EmbedPartitions embedFunction(String root, EmbedSettings settings, PipelineOpener tasks,
                                  ResultRows.Producer producer, EmbedCounters counters) {
        Broadcast<SerializableConfiguration> conf = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        return new EmbedPartitions(root, conf, settings.pipeline(), tasks, producer, settings.modelBatch(),
                settings.workers(), counters);
    }

    Dataset<Row> embedPartitions(List<ImageFile> wave, EmbedSettings settings, EmbedPartitions embed) {
        return chunked(wave, settings.chunkSize()).mapPartitions(embed, Encoders.row(ResultSchema.SCHEMA));
    }

    /**
     * The wave's listing rows, one partition per chunk of {@code chunkSize} images cut from the wave's start
     * (Spark's own slicing would spread a short wave evenly): as waves start at whole chunks, every partition is
     * the same chunk of the plan in every run.
     */
    Dataset<Row> chunked(List<ImageFile> wave, int chunkSize) {
        List<List<Row>> chunks = new ArrayList<>(WorkPlan.partitions(wave.size(), chunkSize));
        for (int from = 0; from < wave.size(); from += chunkSize) {
            List<Row> chunk = new ArrayList<>(chunkSize);
            for (ImageFile f : wave.subList(from, Math.min(wave.size(), from + chunkSize))) {
                chunk.add(ImageListing.toRow(f));
            }
            chunks.add(chunk);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Row> rows = jsc.parallelize(chunks, Math.max(1, chunks.size())).flatMap(List::iterator);
        return spark.createDataFrame(rows, ImageListing.SCHEMA);
    }

    private static List<JobHtmlReport.Failure> failuresOf(Dataset<Row> results, int max) {
        List<JobHtmlReport.Failure> failures = new ArrayList<>();
        for (Row r : results.where(col(ResultSchema.STATUS).equalTo(ImageOutcome.Status.FAILED.column()))
                .select(ResultSchema.PATH, ResultSchema.REASON).limit(max).collectAsList()) {
            failures.add(new JobHtmlReport.Failure(r.getString(0), r.getString(1)));
        }
        return failures;
    }

    /** {@code --report x.json} writes the JSON there and the HTML page (counts, throughput, failures) to x.html. */
    private void writeReports(EmbedSettings settings, JobReport report, String ranOn,
                              List<JobHtmlReport.Failure> failures, List<JobHtmlReport.Sample> timeline) {
        if (settings.report() == null) {
            return;
        }
        Path html = htmlBeside(settings.report());
        try {
            report.writeJson(settings.report());
            JobHtmlReport.write(report.toJson(), Map.of("ran on", ranOn.isEmpty() ? "-" : ranOn,
                    "device option", settings.pipeline().device()), failures, timeline, html);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + settings.report() + ": " + e.getMessage(), e);
        }
        out.println("report: " + settings.report() + " and " + html);
    }

    static Path htmlBeside(Path json) {
        String name = json.getFileName().toString();
        String base = name.toLowerCase(java.util.Locale.ROOT).endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return json.resolveSibling(base + ".html");
    }

    private static JobReport report(ImageListing listing, WorkPlan plan, WaveCounts done, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double rate = seconds > 0 ? done.images() / seconds : 0;
        return new JobReport(listing.stats().listed(), plan.alreadyDone(), listing.stats().skippedMinImages(),
                done.embedded(), done.noFace(), done.failed(), done.faces(), Math.round(seconds * 1000) / 1000.0,
                Math.round(rate * 100) / 100.0);
    }
}
