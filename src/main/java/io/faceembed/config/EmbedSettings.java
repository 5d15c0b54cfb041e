package io.faceembed.config;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Typed, validated settings of one {@code faceembed embed} run, built once by the CLI (see {@link EmbedOption} for
 * each option's meaning, default and Spark mapping). Driver-only: executors get just the {@link PipelineSpec}.
 *
 * @param limit  0 for no limit
 * @param report {@code null} when no JSON report is asked for
 * @param master {@code null} to keep what spark-submit set, else local[workers]
 */
public record EmbedSettings(String folder, boolean recursive, int minImages, PipelineSpec pipeline, int workers,
                            int chunkSize, int dbBatchSize, StoreSpec store, String table, Path report, long limit,
                            boolean dryRun, boolean retryFailed, String master, boolean verbose,
                            Path storeProperties, int modelBatch) {

    /** Images per model call unless --model-batch says otherwise: the best measured on CPU. */
    public static final int DEFAULT_MODEL_BATCH = 16;


    public EmbedSettings {
        if (folder == null || folder.isBlank()) {
            throw new SettingsException(EmbedOption.FOLDER, "is required: the folder holding one subfolder per person");
        }
        atLeast(EmbedOption.MIN_IMAGES, minImages, 1);
        atLeast(EmbedOption.WORKERS, workers, 1);
        atLeast(EmbedOption.CHUNK_SIZE, chunkSize, 1);
        atLeast(EmbedOption.DB_BATCH_SIZE, dbBatchSize, 1);
        atLeast(EmbedOption.MODEL_BATCH, modelBatch, 1);
        if (limit < 0) {
            throw new SettingsException(EmbedOption.LIMIT, "must be at least 1 (got " + limit + ")");
        }
        if (pipeline.model() == null || pipeline.model().isBlank()) {
            throw new SettingsException(EmbedOption.MODEL, "is empty; name a model, e.g. Dlib");
        }
        if (pipeline.detector() == null || pipeline.detector().isBlank()) {
            throw new SettingsException(EmbedOption.DETECTOR, "is empty; name a detector, e.g. ssd");
        }
        if (!PipelineSpec.DEVICES.contains(pipeline.device())) {
            throw new SettingsException(EmbedOption.DEVICE, "'" + pipeline.device() + "' is not one of auto, cpu, gpu");
        }
        if (!PipelineSpec.PRECISIONS.contains(pipeline.precision())) {
            throw new SettingsException(EmbedOption.PRECISION, "'" + pipeline.precision()
                    + "' is not one of fp32, fp16");
        }
        if (table == null || !table.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
            throw new SettingsException(EmbedOption.TABLE, "'" + table + "' is not a plain [schema.]table name");
        }
        if (master != null && master.isBlank()) {
            throw new SettingsException(EmbedOption.MASTER, "is empty; e.g. local[4] or yarn");
        }
    }

    /** Parses the CLI's raw values; every bad value becomes a {@link SettingsException} naming its option. */
    public static EmbedSettings of(String folder, boolean recursive, int minImages, String model, String detector,
                                   int workers, int chunkSize, int dbBatchSize, String store, String table,
                                   Path report, Long limit, boolean dryRun, boolean retryFailed, String modelsDir,
                                   String device, String master, boolean verbose) {
        if (limit != null && limit < 1) {
            throw new SettingsException(EmbedOption.LIMIT, "must be at least 1 (got " + limit + ")");
        }
        if (modelsDir == null || modelsDir.isBlank()) {
            throw new SettingsException(EmbedOption.MODELS_DIR, "is empty");
        }
        String dev = device == null ? "" : device.toLowerCase(Locale.ROOT);
        // executors on this machine may run in another working directory: pass a plain local path as absolute
        String models = modelsDir.contains(":") ? modelsDir : Path.of(modelsDir).toAbsolutePath().normalize().toString();
        PipelineSpec spec = new PipelineSpec(model, detector, models, dev, 0,
                PipelineSpec.defaults(modelsDir).minConfidence());
        return new EmbedSettings(folder, recursive, minImages, spec, workers, chunkSize, dbBatchSize,
                StoreSpec.parse(store), table, report, limit == null ? 0 : limit, dryRun, retryFailed, master,
                verbose, null, DEFAULT_MODEL_BATCH);
    }

    /** The same settings reading the PostgreSQL password from {@code file}'s {@code password} key. */
    public EmbedSettings withStoreProperties(Path file) {
        return new EmbedSettings(folder, recursive, minImages, pipeline, workers, chunkSize, dbBatchSize, store, table,
                report, limit, dryRun, retryFailed, master, verbose, file, modelBatch);
    }

    /** The same settings with {@code n} images per model call. */
    public EmbedSettings withModelBatch(int n) {
        return new EmbedSettings(folder, recursive, minImages, pipeline, workers, chunkSize, dbBatchSize, store, table,
                report, limit, dryRun, retryFailed, master, verbose, storeProperties, n);
    }

    /** The same settings with the built-in networks in {@code precision} ({@code fp32} or {@code fp16}). */
    public EmbedSettings withPrecision(String precision) {
        return new EmbedSettings(folder, recursive, minImages, pipeline.withPrecision(precision), workers, chunkSize,
                dbBatchSize, store, table, report, limit, dryRun, retryFailed, master, verbose, storeProperties,
                modelBatch);
    }

    /** The same settings with test-time augmentation {@code label} ({@code none}, {@code mirror}, {@code jitterN}). */
    public EmbedSettings withAugment(String label) {
        Augmentation augment;
        try {
            augment = Augmentation.parse(label);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(EmbedOption.AUGMENT, e.getMessage());
        }
        return new EmbedSettings(folder, recursive, minImages, pipeline.withAugment(augment), workers, chunkSize,
                dbBatchSize, store, table, report, limit, dryRun, retryFailed, master, verbose, storeProperties,
                modelBatch);
    }

    /**
     * Images per commit wave: at least one chunk per worker so every slot has work, and at least
     * {@code --db-batch-size} so commits are not too small; a crash loses at most the two waves in flight.
     */
    public int waveSize() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max((long) dbBatchSize, (long) workers * chunkSize));
    }

    private static void atLeast(EmbedOption option, long value, long min) {
        if (value < min) {
            throw new SettingsException(option, "must be at least " + min + " (got " + value + ")");
        }
    }
}
