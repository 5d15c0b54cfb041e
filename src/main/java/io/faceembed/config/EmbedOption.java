package io.faceembed.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Every option of {@code faceembed embed}, declared once: its flag, default, meaning and what it maps to in Spark.
 * The CLI is built from this list and the README's option table is generated from it ({@link #markdownTable()}).
 */
public enum EmbedOption {

    FOLDER("--folder", "PATH", null,
            "Root of the collection: one subfolder per person. Any Hadoop path (local, file:, hdfs:, s3a:, dbfs:). Required.",
            "Listed on the driver with the Hadoop FileSystem API, in parallel over subfolders."),
    RECURSIVE("--recursive", null, "false",
            "Also take images in folders below each person's folder; they count toward that person.",
            "Driver-side listing depth only."),
    MIN_IMAGES("--min-images", "N", "5",
            "Skip person folders holding fewer than N images.",
            "Filter on the driver's listing, before planning."),
    MODEL("--model", "NAME", "Dlib",
            "Embedding model, named as DeepFace names it; built in: Dlib, or Dlib-int8 (its landmark net and"
                    + " recogniser in 8 bits: ~1.6x and ~1.8x faster on CPUs with VNNI).",
            "Loaded once per executor JVM; part of the signature stored with every row."),
    DETECTOR("--detector", "NAME", "ssd",
            "Face detector: ssd, or ssd-int8 (the same in 8 bits: ~1.9x faster on CPUs with VNNI), or a DeepFace name.",
            "Loaded once per executor JVM; part of the signature stored with every row."),
    WORKERS("--workers", "N", "16",
            "How many images are worked on at once.",
            "Concurrent tasks: local[N] when faceembed starts Spark itself; on a cluster, decode threads per executor."),
    CHUNK_SIZE("--chunk-size", "N", "100",
            "Images per task.",
            "Images per partition: the unit of work stealing (a free slot takes the next chunk) and of task retry."),
    DB_BATCH_SIZE("--db-batch-size", "N", "1000",
            "Rows per database batch; also sizes the commit waves.",
            "Rows per JDBC batch; the first wave of max(N, workers x chunk-size) images is one Delta commit (MERGE),"
                    + " later waves grow (at most fourfold each, up to 100,000 images) to ~30 s of embedding."),
    MODEL_BATCH("--model-batch", "N", "16",
            "Images per model call: detect, landmarks and embed each take N decoded images at once. Raise it on a GPU.",
            "Per task: decode threads keep 2N images ready while the executor's shared models run the batch."),
    STORE("--store", "STORE", "delta:./faceembed-store/embeddings",
            "Where results go: delta:<path> (any Hadoop path) or jdbc:postgresql://host[:port]/db?user=... "
                    + "The password comes from PGPASSWORD or ~/.pgpass, never from the command line.",
            "Delta: MERGE per wave into the table at <path>. JDBC: batched inserts from the executors."),
    TABLE("--table", "NAME", "face_embeddings",
            "Table name in the PostgreSQL store (a Delta store's path is the table itself).",
            "JDBC table; not used by Delta."),
    STORE_PROPERTIES("--store-properties", "FILE", null,
            "Properties file whose password= key is the PostgreSQL password (keep it readable by you only).",
            "Read on the driver; the password reaches the executors inside the serialized JDBC writer, never in a Spark setting."),
    REPORT("--report", "FILE.json", null,
            "Also write the final report as JSON to this file.",
            "Written by the driver."),
    LIMIT("--limit", "N", null,
            "Embed at most N images in this run (the first N to do, in path order).",
            "Caps the planned work before it is split into waves."),
    DRY_RUN("--dry-run", null, "false",
            "Print the plan (folders, images, already done, to do) and stop.",
            "Runs listing and planning only: no inference, no rows written (a missing table is created empty)."),
    RETRY_FAILED("--retry-failed", null, "false",
            "Plan again the images stored as failed; their failed rows are replaced by the new results.",
            "Changes the stored-keys filter of the anti-join."),
    MODELS_DIR("--models-dir", "DIR", "./models",
            "Folder holding the ONNX model files: a local folder or any Hadoop URI (file:, hdfs:, s3a:, abfss:, gs:,"
                    + " dbfs:). Built-in files missing from a remote folder come from ./models.",
            "Read by the driver only: it checks the files the pipeline needs (built-ins against their manifests)"
                    + " and ships them as Spark broadcasts; each executor writes its copy, checks its sha256 and loads"
                    + " it once."),
    DEVICE("--device", "auto|cpu|gpu", "auto",
            "Where the models run: auto takes the GPU when ONNX Runtime has one.",
            "ONNX Runtime execution provider in each executor."),
    PRECISION("--precision", "fp32|fp16", "fp32",
            "Precision of the built-in networks: fp16 runs their half-precision files (tensor cores on a GPU;"
                    + " slow on a CPU). Part of the signature, so fp16 rows never mix with fp32 rows.",
            "Which ONNX files each executor loads."),
    AUGMENT("--augment", "none|mirror|jitterN", Augmentation.DEFAULT_LABEL,
            "Test-time augmentation: mirror also runs each face's mirror image through the landmark net and the"
                    + " recogniser and averages (LFW-dev 99.17% against 98.67% with none, for about a third more time"
                    + " on a CPU); jitterN averages N of dlib's random re-cuts (jitter8: 99.13%, ~5x the time)."
                    + " Part of the signature.",
            "Extra views per face in each executor's model calls."),
    MASTER("--master", "URL", null,
            "Spark master. Default: what spark-submit set, else local[workers].",
            "spark.master."),
    VERBOSE("--verbose", null, "false",
            "Show stack traces and Spark's own warnings.",
            "Driver log level WARN instead of ERROR.");

    private final String flag;
    private final String paramLabel;
    private final String defaultValue;
    private final String meaning;
    private final String spark;

    EmbedOption(String flag, String paramLabel, String defaultValue, String meaning, String spark) {
        this.flag = flag;
        this.paramLabel = paramLabel;
        this.defaultValue = defaultValue;
        this.meaning = meaning;
        this.spark = spark;
    }

    public String flag() {
        return flag;
    }

    /** {@code null} for a switch that takes no value. */
    public String paramLabel() {
        return paramLabel;
    }

    public boolean isSwitch() {
        return paramLabel == null;
    }

    /** {@code null} when the option has no default (required, or absent means "not set"). */
    public String defaultValue() {
        return defaultValue;
    }

    public String meaning() {
        return meaning;
    }

    /** The README's option table: option | default | meaning | Spark mapping. */
    public static String markdownTable() {
        String header = "| Option | Default | Meaning | In Spark |\n|---|---|---|---|\n";
        return header + Arrays.stream(values())
                .map(o -> "| `" + o.flag + (o.isSwitch() ? "" : " " + o.paramLabel.replace("|", "\\|")) + "` | "
                        + (o.defaultValue == null || o.isSwitch() ? "" : "`" + o.defaultValue + "`") + " | "
                        + o.meaning.replace("|", "\\|") + " | " + o.spark.replace("|", "\\|") + " |")
                .collect(Collectors.joining("\n")) + "\n";
    }
}
