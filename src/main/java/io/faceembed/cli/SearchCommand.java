package io.faceembed.cli;

import io.faceembed.config.PipelineSpec;
import io.faceembed.inference.FacePipeline;
import io.faceembed.models.PipelineFactory;
import io.faceembed.search.FaceSearch;
import io.faceembed.search.QueryFace;
import io.faceembed.search.SearchResult;
import io.faceembed.search.StoredEmbeddings;
import io.faceembed.sinks.JdbcStoreException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code faceembed search}: the stored images and identities most like the face in an image. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {
            "Embeds the largest face of --image and lists the most similar stored images and identities (folders,",
            "by their centroid) with cosine similarity. Exact in Spark for Delta; with PostgreSQL, pgvector's HNSW",
            "index when the embedding column is a vector."})
public final class SearchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions storeOptions = new StoreOptions();

    @Option(names = "--image", required = true, paramLabel = "FILE", description = "Image with the face to look for")
    Path image;

    @Option(names = "--top", defaultValue = "10", paramLabel = "K", description = "Results per list (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--signature", paramLabel = "S",
            description = "Pipeline signature to search (default: the one of the pipeline given by --model)")
    String signature;

    @Mixin
    PipelineOptions pipelineOptions = new PipelineOptions();

    private final Function<PipelineSpec, FacePipeline> pipelines;
    private final Supplier<SparkSession> sessions;

    public SearchCommand() {
        this(PipelineFactory::open, null);
    }

    /** For tests: where the face pipeline and the Spark session come from. */
    public SearchCommand(Function<PipelineSpec, FacePipeline> pipelines, Supplier<SparkSession> sessions) {
        this.pipelines = pipelines;
        this.sessions = sessions;
    }

    @Override
    public Integer call() {
        if (!Files.isRegularFile(image)) {
            throw usage("--image: no such file: " + image);
        }
        if (top < 1) {
            throw usage("--top must be at least 1, got " + top);
        }
        String problem = pipelineOptions.problem();
        if (problem != null) {
            throw usage(problem);
        }
        try {
            storeOptions.check();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        float[] query;
        String pipelineSignature;
        try (FacePipeline pipeline = pipelines.apply(pipelineOptions.spec())) {
            pipelineSignature = pipeline.signature().id();
            query = QueryFace.embed(pipeline, image);
        } catch (IllegalArgumentException e) {
            throw usage("--image " + e.getMessage());
        }
        SparkSession spark = sessions != null ? sessions.get() : storeOptions.session();
        try {
            String wanted = signature != null ? signature : pipelineSignature;
            StoredEmbeddings stored = storeOptions.open(spark, wanted);
            SearchResult result = FaceSearch.search(stored, query, top);
            print(result, spec.commandLine().getOut());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        } catch (JdbcStoreException e) {
            spec.commandLine().getErr().println("search: " + e.getMessage());
            return FaceEmbed.EXIT_FAILED;
        } finally {
            if (sessions == null) {
                spark.stop();
            }
        }
        return FaceEmbed.EXIT_OK;
    }

    static void print(SearchResult r, PrintWriter out) {
        out.println("images (" + r.method() + "):");
        for (var h : r.images()) {
            out.printf(Locale.ROOT, "  %.4f  %s%n", h.similarity(), h.path());
        }
        out.println("identities:");
        for (var h : r.identities()) {
            out.printf(Locale.ROOT, "  %s  %s (%d images, best image %.4f)%n",
                    Double.isNaN(h.similarity()) ? "      " : String.format(Locale.ROOT, "%.4f", h.similarity()),
                    h.folder(), h.images(), h.best());
        }
        out.flush();
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
