package io.faceembed.cli;

import io.faceembed.config.PipelineSpec;
import io.faceembed.eval.EmbeddingEvaluator;
import io.faceembed.eval.EvalReport;
import io.faceembed.eval.EvalResult;
import io.faceembed.eval.PairsFile;
import io.faceembed.eval.PairsFormatException;
import io.faceembed.inference.FacePipeline;
import io.faceembed.models.PipelineFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code faceembed eval}: verification accuracy of a model on labelled face pairs (LFW protocol). */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {
            "Measures face verification accuracy on labelled pairs: k-fold accuracy (threshold chosen on the other",
            "folds), its standard deviation, ROC AUC and the threshold. Pairs whose images give no face count as",
            "errors. Reads LFW pairs.txt (folds from the file) or a CSV 'left,right,same' (10 folds, each class dealt",
            "round-robin in file order)."})
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--pairs", required = true, paramLabel = "FILE",
            description = "LFW pairs.txt or CSV with header left,right,same")
    Path pairs;

    @Option(names = "--images", paramLabel = "DIR",
            description = "Folder holding the images (default: <pairs folder>/images if it exists, else the pairs folder)")
    Path images;

    @Mixin
    PipelineOptions pipelineOptions = new PipelineOptions();

    @Option(names = "--threads", defaultValue = "0",
            description = "Intra-op threads of the ONNX Runtime sessions; 0 lets the runtime choose (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--batch-size", defaultValue = "16", description = "Images per pipeline call (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Also write the results as JSON")
    Path report;

    private final Function<PipelineSpec, FacePipeline> pipelines;

    public EvalCommand() {
        this(PipelineFactory::open);
    }

    /** For tests and embedders of this command: where the face pipeline comes from. */
    public EvalCommand(Function<PipelineSpec, FacePipeline> pipelines) {
        this.pipelines = pipelines;
    }

    @Override
    public Integer call() {
        validate();
        Path imagesDir = imagesDir();
        PairsFile pairsFile;
        try {
            pairsFile = PairsFile.read(pairs, imagesDir);
        } catch (PairsFormatException e) {
            throw new ParameterException(spec.commandLine(), "--pairs: " + e.getMessage());
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--pairs: cannot read " + pairs + ": " + e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        PipelineSpec pipelineSpec = pipelineOptions.spec(threads);
        EvalResult result;
        try (FacePipeline pipeline = openPipeline(pipelineSpec, err)) {
            if (pipeline == null) {
                return FaceEmbed.EXIT_FAILED;
            }
            result = new EmbeddingEvaluator(pipeline, batchSize, line -> {
                err.println(line);
                err.flush();
            }).evaluate(pairsFile, imagesDir);
        }
        PrintWriter out = spec.commandLine().getOut();
        EvalReport.print(result, out);
        if (report != null) {
            try {
                EvalReport.writeJson(result, report);
                out.println("report: " + report);
            } catch (IOException e) {
                err.println("eval: cannot write --report " + report + ": " + e.getMessage());
                return FaceEmbed.EXIT_FAILED;
            }
        }
        out.flush();
        return FaceEmbed.EXIT_OK;
    }

    private FacePipeline openPipeline(PipelineSpec pipelineSpec, PrintWriter err) {
        try {
            return pipelines.apply(pipelineSpec);
        } catch (RuntimeException e) {
            err.println("eval: cannot open model " + pipelineSpec.model() + " with detector " + pipelineSpec.detector()
                    + " from " + pipelineSpec.modelsDir() + ": " + e.getMessage());
            return null;
        }
    }

    private void validate() {
        if (!Files.isRegularFile(pairs)) {
            throw usage("--pairs: no such file: " + pairs);
        }
        if (images != null && !Files.isDirectory(images)) {
            throw usage("--images: no such folder: " + images);
        }
        if (batchSize < 1) {
            throw usage("--batch-size must be at least 1, got " + batchSize);
        }
        if (threads < 0) {
            throw usage("--threads must be 0 (runtime chooses) or more, got " + threads);
        }
        String pipelineProblem = pipelineOptions.problem();
        if (pipelineProblem != null) {
            throw usage(pipelineProblem);
        }
        if (report != null && Files.isDirectory(report)) {
            throw usage("--report names a folder, expected a .json file: " + report);
        }
    }

    private Path imagesDir() {
        if (images != null) {
            return images;
        }
        Path folder = pairs.toAbsolutePath().getParent();
        Path beside = folder.resolve("images");
        return Files.isDirectory(beside) ? beside : folder;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
