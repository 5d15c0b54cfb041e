package io.faceembed.cli;

import io.faceembed.audit.AuditCsv;
import io.faceembed.audit.AuditFindings;
import io.faceembed.audit.AuditHtmlReport;
import io.faceembed.audit.AuditSettings;
import io.faceembed.audit.FaceAudit;
import io.faceembed.search.StoredEmbeddings;
import io.faceembed.sinks.JdbcStoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code faceembed audit}: what the stored embeddings say about the collection's labels. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {
            "Checks a folder-per-person collection through its stored embeddings: images unlike the rest of their",
            "folder (likely another person), folders that split into two people, near-duplicate images, and folders",
            "whose centroids are so close they may be one person. Writes one CSV per finding kind and audit.html",
            "(self-contained: thumbnails embedded, when --images names the embedded folder)."})
public final class AuditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions storeOptions = new StoreOptions();

    @Option(names = "--signature", paramLabel = "S",
            description = "Pipeline signature to audit (required when the store holds several)")
    String signature;

    @Option(names = "--report-dir", defaultValue = "audit-report", paramLabel = "DIR",
            description = "Where the CSV files and audit.html go (default: ${DEFAULT-VALUE})")
    Path reportDir;

    @Option(names = "--images", paramLabel = "DIR",
            description = "The folder that was embedded (the table's paths are relative to it): thumbnails")
    String images;

    @Option(names = "--same-identity", paramLabel = "SIM",
            description = "Verification threshold (cosine similarity); default: the one measured for the model")
    Double sameIdentity;

    @Option(names = "--same-folder-similarity", paramLabel = "SIM",
            description = "Centroid similarity above which two folders may be one person (default: "
                    + AuditSettings.DEFAULT_SAME_FOLDER_SIMILARITY + ")")
    Double sameFolderSimilarity;

    private final Supplier<SparkSession> sessions;

    public AuditCommand() {
        this.sessions = null;
    }

    /** For tests: where the Spark session comes from. */
    public AuditCommand(Supplier<SparkSession> sessions) {
        this.sessions = sessions;
    }

    @Override
    public Integer call() {
        if (Files.isRegularFile(reportDir)) {
            throw new ParameterException(spec.commandLine(), "--report-dir names a file, expected a folder: " + reportDir);
        }
        try {
            storeOptions.check();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SparkSession spark = sessions != null ? sessions.get() : storeOptions.session();
        try {
            return audit(spark, out, err);
        } finally {
            if (sessions == null) {
                spark.stop();
            }
        }
    }

    private int audit(SparkSession spark, PrintWriter out, PrintWriter err) {
        StoredEmbeddings stored;
        AuditSettings settings;
        try {
            stored = storeOptions.open(spark, signature);
            settings = AuditSettings.forModel(stored.model(), sameIdentity);
            if (sameFolderSimilarity != null) {
                settings = settings.withSameFolderSimilarity(sameFolderSimilarity);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (JdbcStoreException e) {
            err.println("audit: " + e.getMessage());
            return FaceEmbed.EXIT_FAILED;
        }
        AuditFindings f = FaceAudit.run(stored, settings);
        try {
            AuditCsv.write(f, reportDir);
            AuditHtmlReport.write(f, settings, images, spark.sparkContext().hadoopConfiguration(),
                    reportDir.resolve(AuditHtmlReport.FILE));
        } catch (IOException e) {
            err.println("audit: cannot write the report into " + reportDir + ": " + e.getMessage());
            return FaceEmbed.EXIT_FAILED;
        }
        var s = f.summary();
        out.printf(Locale.ROOT, "audited %,d images in %,d folders (%s)%n", s.images(), s.folders(), s.signature());
        out.printf(Locale.ROOT, "outliers: %d (distance > %.4f), split folders: %d, duplicate pairs: %d, "
                        + "close folder pairs: %d%n", f.outliers().size(), s.outlierThreshold(), f.splits().size(),
                f.duplicates().size(), f.closeFolders().size());
        out.println("report: " + reportDir.resolve(AuditHtmlReport.FILE));
        out.flush();
        return FaceEmbed.EXIT_OK;
    }
}
