package io.faceembed.cli;

import io.faceembed.bench.BenchReport;
import io.faceembed.bench.BenchRunner;
import io.faceembed.bench.BenchSettings;
import io.faceembed.config.Augmentation;
import io.faceembed.job.Sessions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faceembed bench}: throughput of each stage alone and of the whole job, as printed lines and JSON. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "Measures throughput stage by stage: listing, planning against a large store, decode, detect, embed",
            "(each batched and one at a time), the embed job end to end, the Delta and JDBC sinks, and face-api",
            "under Node on the same images. Prints one line per stage and writes the figures as JSON."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--folder", paramLabel = "DIR", description = "An existing identity-folder tree to bench on")
    Path folder;

    @Option(names = "--folders", paramLabel = "N", defaultValue = "1000",
            description = "Build (or reuse) a tree of N folders of 1-3 images under target/bench (default: ${DEFAULT-VALUE})")
    int folders;

    @Option(names = "--source", paramLabel = "DIR", defaultValue = "../shared/faces/lfw-dev/images",
            description = "Images the built tree links to (default: ${DEFAULT-VALUE})")
    Path source;

    @Option(names = "--report", paramLabel = "FILE.json", defaultValue = "target/bench/report.json",
            description = "Where the JSON goes (default: ${DEFAULT-VALUE})")
    Path report;

    @Option(names = "--images", paramLabel = "N", defaultValue = "1000",
            description = "Images for the decode, detect, embed, one-at-a-time and end-to-end stages (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--workers", paramLabel = "W",
            description = "Spark task slots and decode threads (default: the number of cores)")
    Integer workers;

    @Option(names = "--jdbc", paramLabel = "URL",
            description = "PostgreSQL store to bench the JDBC sink on (table faceembed_bench); skipped without it")
    String jdbc;

    @Option(names = "--store-properties", paramLabel = "FILE", description = "File holding password=... for --jdbc")
    Path jdbcProperties;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "100000",
            description = "Synthetic 128-D rows per sink (default: ${DEFAULT-VALUE})")
    long rows;

    @Option(names = "--plan-keys", paramLabel = "N", defaultValue = "1000000",
            description = "Stored keys and listed images of the planning stage (default: ${DEFAULT-VALUE})")
    long planKeys;

    @Option(names = "--peer-images", paramLabel = "N", defaultValue = "30",
            description = "Images face-api times under Node; 0 skips it (default: ${DEFAULT-VALUE})")
    int peerImages;

    @Option(names = "--detector", paramLabel = "NAME", defaultValue = "ssd",
            description = "Built-in detector of every stage and of the job: ssd or ssd-int8 (default: ${DEFAULT-VALUE})")
    String detector;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "Dlib",
            description = "Built-in recogniser of every stage and of the job: Dlib or Dlib-int8"
                    + " (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--device", paramLabel = "cpu|gpu|auto", defaultValue = "cpu",
            description = "Where the models run in every stage and the job; gpu also samples nvidia-smi during the job"
                    + " (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--model-batch", paramLabel = "N", defaultValue = "16",
            description = "Images (faces) per model call in the batched stages and the job (default: ${DEFAULT-VALUE})")
    int modelBatch;

    @Option(names = "--precision", paramLabel = "fp32|fp16", defaultValue = "fp32",
            description = "Precision of the networks in every stage and the job (default: ${DEFAULT-VALUE})")
    String precision;

    @Option(names = "--augment", defaultValue = Augmentation.DEFAULT_LABEL, paramLabel = "none|mirror|jitterN",
            description = "Test-time augmentation of the baseline and the job (default: ${DEFAULT-VALUE})")
    String augment;

    @Option(names = "--job-images", paramLabel = "N",
            description = "Images the end-to-end job embeds (default: --images)")
    Integer jobImages;

    @Option(names = "--sweep", paramLabel = "B,B,...", split = ",",
            description = "Batch sizes at which each network runs alone, in fp32 and fp16 (e.g. 16,64,256,512)")
    List<Integer> sweep = List.of();

    @Option(names = "--cpu-ceiling",
            description = "Also time the GPU path's CPU work without the networks: on decoded images (prepare)"
                    + " and as the whole job (cpuCeiling), what the CPUs can feed a device")
    boolean cpuCeiling;

    @Option(names = "--skip", paramLabel = "GROUP,...", split = ",",
            description = "Leave out stage groups: stages, baseline, listing, planning, sinks")
    List<String> skip = List.of();

    @Option(names = "--models-dir", paramLabel = "DIR", defaultValue = "./models",
            description = "Folder of the ONNX models (default: ${DEFAULT-VALUE})")
    Path modelsDir;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "target/bench",
            description = "Trees, stores and scratch files (default: ${DEFAULT-VALUE})")
    Path workDir;

    @Option(names = "--verbose", description = "Stack traces and Spark warnings")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintStream out = spec.commandLine().getOut() == null ? System.out
                : new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true);
        PrintStream err = System.err;
        BenchSettings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException e) {
            err.println("faceembed bench: " + e.getMessage());
            return FaceEmbed.EXIT_USAGE;
        }
        Logging.quiet(verbose);
        new io.faceembed.models.ModelInstaller(settings.modelsDir()).installIfMissing(out);
        SparkSession spark = Sessions.forJob(null, settings.workers());
        spark.sparkContext().setLogLevel(verbose ? "WARN" : "ERROR");
        try {
            BenchReport result = new BenchRunner(settings, out).run(spark, commandLine());
            result.write(report);
            out.println("report: " + report.toAbsolutePath());
            return FaceEmbed.EXIT_OK;
        } catch (RuntimeException e) {
            err.println("faceembed bench: " + FaceEmbed.firstLine(String.valueOf(e.getMessage())));
            if (verbose) {
                e.printStackTrace(err);
            }
            return FaceEmbed.EXIT_FAILED;
        } finally {
            spark.stop();
        }
    }

    BenchSettings settings() {
        if (folder != null && spec.commandLine().getParseResult().hasMatchedOption("--folders")) {
            throw new IllegalArgumentException("--folder and --folders exclude each other: bench an existing tree"
                    + " or build one");
        }
        if (folder != null && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--folder " + folder + " is not a folder");
        }
        if (jdbcProperties != null && !Files.isRegularFile(jdbcProperties)) {
            throw new IllegalArgumentException("--store-properties " + jdbcProperties + " does not exist");
        }
        int w = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        return new BenchSettings(folder, folders, source, workDir, modelsDir, Path.of("parity"), images, w,
                planKeys, rows, jdbc, jdbcProperties, peerImages, detector, model, device, modelBatch,
                precision,
                augmentation(), jobImages != null ? jobImages : images, sweep, cpuCeiling,
                java.util.Set.copyOf(skip));
    }

    private Augmentation augmentation() {
        try {
            return Augmentation.parse(augment);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--augment: " + e.getMessage());
        }
    }

    private String commandLine() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        if (!args.isEmpty() && "bench".equals(args.get(0))) { // run as `faceembed bench ...`: the verb is there
            args = args.subList(1, args.size());
        }
        return "faceembed bench " + String.join(" ", args);
    }

    /** Lets the report lines go to picocli's configured writer (tests capture it). */
    private static final class WriterOutputStream extends java.io.OutputStream {
        private final java.io.PrintWriter writer;

        WriterOutputStream(java.io.PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(int b) {
            writer.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writer.write(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
            writer.flush();
        }
    }
}
