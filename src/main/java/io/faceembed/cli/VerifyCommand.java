package io.faceembed.cli;

import io.faceembed.config.PipelineSpec;
import io.faceembed.inference.FacePipeline;
import io.faceembed.models.PipelineFactory;
import io.faceembed.search.FaceVerifier;
import io.faceembed.search.SameIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code faceembed verify A B}: do two images show the same person? */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {
            "Compares the largest face of each image: cosine similarity of their embeddings against the",
            "verification threshold measured for the model on LFW. Prints the similarity and the verdict."})
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "First image")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "Second image")
    Path b;

    @Option(names = "--threshold", paramLabel = "SIM",
            description = "Cosine similarity for 'same person' (default: the one measured for the model)")
    Double threshold;

    @Mixin
    PipelineOptions pipelineOptions = new PipelineOptions();

    private final Function<PipelineSpec, FacePipeline> pipelines;

    public VerifyCommand() {
        this(PipelineFactory::open);
    }

    public VerifyCommand(Function<PipelineSpec, FacePipeline> pipelines) {
        this.pipelines = pipelines;
    }

    @Override
    public Integer call() {
        for (Path p : new Path[] {a, b}) {
            if (!Files.isRegularFile(p)) {
                throw usage("no such file: " + p);
            }
        }
        String problem = pipelineOptions.problem();
        if (problem != null) {
            throw usage(problem);
        }
        double t = threshold != null ? threshold : SameIdentity.similarity(pipelineOptions.model).orElseThrow(() ->
                usage("--threshold is needed: no threshold is known for model '" + pipelineOptions.model
                        + "' (measure one with 'faceembed eval')"));
        if (!(t > -1 && t < 1)) {
            throw usage("--threshold must be between -1 and 1, got " + t);
        }
        FaceVerifier.Verdict v;
        try (FacePipeline pipeline = pipelines.apply(pipelineOptions.spec())) {
            v = FaceVerifier.verify(pipeline, a, b, t);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "similarity %.4f (threshold %.4f): %s%n", v.similarity(),
                v.threshold(), v.samePerson() ? "same person" : "different people");
        spec.commandLine().getOut().flush();
        return FaceEmbed.EXIT_OK;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
