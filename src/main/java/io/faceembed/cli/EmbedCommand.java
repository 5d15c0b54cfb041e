package io.faceembed.cli;

import io.faceembed.config.EmbedOption;
import io.faceembed.config.EmbedSettings;
import io.faceembed.config.SettingsException;
import io.faceembed.job.EmbedJob;
import io.faceembed.job.PipelineOpener;
import io.faceembed.job.Sessions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code faceembed embed}: options come from {@link EmbedOption} (each declared once there), are checked into an
 * {@link EmbedSettings}, and handed to {@link EmbedJob}.
 */
final class EmbedCommand implements Callable<Integer> {

    private final PrintStream out;
    private final PrintStream err;
    private CommandSpec spec;

    private EmbedCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static CommandLine commandLine(PrintStream out, PrintStream err) {
        EmbedCommand command = new EmbedCommand(out, err);
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
        spec.name("embed").mixinStandardHelpOptions(true);
        spec.usageMessage().description("Embed every face of every image under --folder and store the results; "
                + "a re-run embeds only what is not stored yet.");
        for (EmbedOption o : EmbedOption.values()) {
            spec.addOption(optionSpec(o));
        }
        command.spec = spec;
        return new CommandLine(spec);
    }

    private static OptionSpec optionSpec(EmbedOption o) {
        OptionSpec.Builder b = OptionSpec.builder(o.flag()).description(o.meaning());
        if (o.isSwitch()) {
            return b.type(boolean.class).arity("0").defaultValue("false").build();
        }
        b.paramLabel(o.paramLabel()).arity("1").type(typeOf(o)).required(o == EmbedOption.FOLDER);
        if (o.defaultValue() != null) {
            b.defaultValue(o.defaultValue()).showDefaultValue(CommandLine.Help.Visibility.ALWAYS);
        }
        return b.build();
    }

    private static Class<?> typeOf(EmbedOption o) {
        return switch (o) {
            case MIN_IMAGES, WORKERS, CHUNK_SIZE, DB_BATCH_SIZE, MODEL_BATCH -> int.class;
            case LIMIT -> Long.class;
            default -> String.class;
        };
    }

    /**
     * The first run on a machine converts the built-in models into a local --models-dir (a path or a file: URI);
     * a remote one that lacks them gets them from ./models when the job ships them.
     */
    private void installBuiltInModels(io.faceembed.config.PipelineSpec spec) throws IOException {
        var model = io.faceembed.models.ModelCatalog.knownEmbedder(spec.model());
        var detector = io.faceembed.models.ModelCatalog.knownDetector(spec.detector());
        boolean builtIn = (model != null && model.builtIn()) || (detector != null && detector.builtIn());
        Path local = io.faceembed.models.ModelStager.localFolder(spec.modelsDir());
        if (builtIn && local != null) {
            new io.faceembed.models.ModelInstaller(local).installIfMissing(out);
        }
    }

    @Override
    public Integer call() {
        boolean verbose = value(EmbedOption.VERBOSE);
        EmbedSettings settings;
        try {
            settings = settings();
        } catch (SettingsException e) {
            return usageError(e);
        }
        Logging.quiet(verbose);
        try {
            installBuiltInModels(settings.pipeline());
        } catch (IOException e) {
            err.println("faceembed embed: model setup failed: " + FaceEmbed.firstLine(e.getMessage()));
            return FaceEmbed.EXIT_FAILED;
        }
        SparkSession spark = Sessions.forJob(settings.master(), settings.workers());
        spark.sparkContext().setLogLevel(verbose ? "WARN" : "ERROR");
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        Thread onInterrupt = interruptHook(spark, finished);
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            new EmbedJob(spark, PipelineOpener.MODELS, out).run(settings);
            return FaceEmbed.EXIT_OK;
        } catch (SettingsException e) {
            return usageError(e);
        } catch (RuntimeException e) {
            err.println("faceembed embed: " + FaceEmbed.firstLine(messageOf(e)));
            if (verbose) {
                e.printStackTrace(err);
            } else {
                err.println("(run with --verbose for details)");
            }
            return FaceEmbed.EXIT_FAILED;
        } finally {
            finished.set(true);
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: the JVM is going down anyway
            }
            spark.stop();
        }
    }

    /**
     * On SIGTERM or Ctrl-C mid-job: cancel the running Spark jobs and say what is kept. Each finished wave is one
     * committed write, so it stays; the waves in flight are not committed and a re-run plans them again. The JVM then
     * exits with the signal's non-zero status (143 for SIGTERM).
     */
    private Thread interruptHook(SparkSession spark, java.util.concurrent.atomic.AtomicBoolean finished) {
        return new Thread(() -> {
            if (finished.get()) {
                return;
            }
            err.println("faceembed embed: interrupted; cancelling the running work. Finished waves are stored; "
                    + "run the same command again to finish the rest.");
            err.flush();
            try {
                spark.sparkContext().cancelAllJobs();
            } catch (RuntimeException alreadyStopped) {
                // Spark's own shutdown hook may have stopped the context first
            }
        }, "faceembed-interrupt");
    }

    EmbedSettings settings() {
        String reportFile = value(EmbedOption.REPORT);
        Path report = reportFile == null ? null : path(EmbedOption.REPORT, reportFile);
        String storeProperties = value(EmbedOption.STORE_PROPERTIES);
        return EmbedSettings.of(value(EmbedOption.FOLDER), value(EmbedOption.RECURSIVE), value(EmbedOption.MIN_IMAGES),
                value(EmbedOption.MODEL), value(EmbedOption.DETECTOR), value(EmbedOption.WORKERS),
                value(EmbedOption.CHUNK_SIZE), value(EmbedOption.DB_BATCH_SIZE), value(EmbedOption.STORE),
                value(EmbedOption.TABLE), report, value(EmbedOption.LIMIT), value(EmbedOption.DRY_RUN),
                value(EmbedOption.RETRY_FAILED), value(EmbedOption.MODELS_DIR), value(EmbedOption.DEVICE),
                value(EmbedOption.MASTER), value(EmbedOption.VERBOSE))
                .withStoreProperties(storeProperties == null ? null : path(EmbedOption.STORE_PROPERTIES, storeProperties))
                .withModelBatch(value(EmbedOption.MODEL_BATCH))
                .withPrecision(value(EmbedOption.PRECISION))
                .withAugment(value(EmbedOption.AUGMENT));
    }

    private static Path path(EmbedOption option, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new SettingsException(option, "'" + value + "' is not a valid file name");
        }
    }

    private <T> T value(EmbedOption o) {
        return spec.findOption(o.flag()).getValue();
    }

    private int usageError(SettingsException e) {
        err.println("faceembed embed: " + e.getMessage());
        return FaceEmbed.EXIT_USAGE;
    }

    /** The message a user can act on: the innermost one that says something, not a wrapper's class name. */
    private static String messageOf(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
