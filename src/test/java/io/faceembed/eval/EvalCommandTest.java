package io.faceembed.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceembed.cli.EvalCommand;
import io.faceembed.config.PipelineSpec;
import io.faceembed.inference.FacePipeline;
import io.faceembed.testing.TestPaths;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<PipelineSpec> opened = new ArrayList<>();

    private int run(Function<PipelineSpec, FacePipeline> pipelines, String... args) {
        CommandLine cli = new CommandLine(new EvalCommand(pipelines));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private int run(String... args) {
        return run(spec -> {
            opened.add(spec);
            return new CentreHistogramPipeline(Set.of(), false);
        }, args);
    }

    @Test
    void evalPrintsAccuracyAndWritesAJsonReportWithTheDocumentedKeys() throws Exception {
        Path report = tmp.resolve("out/report.json");
        int code = run("--pairs", TestPaths.sample().resolve("pairs.csv").toString(), "--report", report.toString(),
                "--model", "Dlib", "--threads", "2", "--batch-size", "8");

        assertEquals(0, code, err.toString());
        assertEquals(List.of(new PipelineSpec("Dlib", "ssd", "./models", "auto", 2, 0.5f)), opened);
        String text = out.toString();
        assertTrue(text.contains("pairs: 402 (201 same, 201 different) in 10 folds"), text);
        assertTrue(text.contains("accuracy: 0."), text);
        assertTrue(text.contains("ROC AUC: "), text);
        assertTrue(err.toString().contains("images embedded"), "progress goes to stderr");

        JsonNode json = new ObjectMapper().readTree(report.toFile());
        for (String key : List.of("accuracy", "std", "auc", "threshold", "folds", "pairs", "noFacePairs", "model",
                "detector", "seconds")) {
            assertTrue(json.has(key), "report has " + key + ": " + json);
        }
        double accuracy = json.get("accuracy").asDouble();
        assertTrue(accuracy >= 0 && accuracy <= 1, "accuracy is a fraction: " + accuracy);
        assertEquals(402, json.get("pairs").asInt());
        assertEquals(10, json.get("folds").size());
        assertTrue(json.get("noFacePairs").isArray());
        assertEquals("centre-histogram", json.get("model").asText());
    }

    @Test
    void badOptionValuesFailWithExitCode2AndAMessageNamingTheOption() {
        String pairs = TestPaths.sample().resolve("pairs.csv").toString();
        assertEquals(2, run("--pairs", pairs, "--batch-size", "0"));
        assertTrue(err.toString().lines().findFirst().orElse("").contains("--batch-size"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(2, run("--pairs", tmp.resolve("none.txt").toString()));
        assertTrue(err.toString().lines().findFirst().orElse("").startsWith("--pairs: no such file"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(2, run("--pairs", pairs, "--bogus"));
        assertTrue(err.toString().lines().findFirst().orElse("").contains("--bogus"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(2, run("--batch-size", "4"));
        assertTrue(err.toString().lines().findFirst().orElse("").contains("--pairs"), err.toString());
        assertTrue(opened.isEmpty(), "no model opened for bad options");
    }

    @Test
    void malformedPairsFileFailsWithExitCode2NamingFileAndLine() throws Exception {
        Path bad = tmp.resolve("pairs.txt");
        Files.writeString(bad, "2 1\nA 1 2\nA 1 B\n");
        assertEquals(2, run("--pairs", bad.toString()));
        String first = err.toString().lines().findFirst().orElse("");
        assertTrue(first.startsWith("--pairs: " + bad + ":3: "), first);
    }

    @Test
    void aModelThatCannotBeOpenedFailsWithExitCode1AndOneLine() {
        int code = run(spec -> {
            throw new IllegalStateException("no model files in " + spec.modelsDir());
        }, "--pairs", TestPaths.sample().resolve("pairs.csv").toString(), "--models-dir", tmp.toString());
        assertEquals(1, code);
        assertEquals(List.of("eval: cannot open model Dlib with detector ssd from " + tmp + ": no model files in " + tmp),
                err.toString().lines().toList());
    }
}
