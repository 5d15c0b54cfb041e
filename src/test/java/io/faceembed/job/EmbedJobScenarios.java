package io.faceembed.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.config.EmbedSettings;
import io.faceembed.progress.JobReport;
import io.faceembed.testing.TestFiles;
import io.faceembed.testing.TestPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of {@link EmbedJob} on real images and a real Delta table; subclasses choose the pipeline. */
abstract class EmbedJobScenarios {

    static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSpark() {
        spark = Sessions.forTests();
    }

    @AfterAll
    static void stopSpark() {
        PredictorHolder.closeAll();
        spark.stop();
    }

    abstract PipelineOpener opener();

    abstract String model();

    abstract String otherModel();

    Path modelsDir() {
        return TestPaths.models();
    }

    String output;

    JobReport run(Path folder, String model, int minImages, String... flags) {
        List<String> f = List.of(flags);
        EmbedSettings s = EmbedSettings.of(folder.toString(), f.contains("--recursive"), minImages, model, "ssd",
                2, 4, 8, "delta:" + tmp.resolve("store"), "face_embeddings",
                f.contains("--report") ? tmp.resolve("report.json") : null, null,
                f.contains("--dry-run"), f.contains("--retry-failed"), modelsDir().toString(), "cpu", null,
                false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JobReport r = new EmbedJob(spark, opener(), new PrintStream(out, true, StandardCharsets.UTF_8)).run(s);
        output = out.toString(StandardCharsets.UTF_8);
        return r;
    }

    Dataset<Row> stored() {
        return spark.read().format("delta").load(tmp.resolve("store").toString());
    }

    /** Three persons copied from sample/people: 6, 5 and 3 portraits. */
    Path smallCollection() {
        Path root = tmp.resolve("people");
        for (String person : List.of("Abdullah_Gul", "Al_Sharpton", "Amelia_Vega")) {
            TestFiles.copyTree(TestPaths.people().resolve(person), root.resolve(person));
        }
        return root;
    }

    @Test
    void aSecondRunEmbedsNothing() {
        Path people = smallCollection();
        JobReport first = run(people, model(), 5);
        assertEquals(14, first.listed());
        assertEquals(3, first.skippedMinImages());
        assertEquals(0, first.skippedDone());
        assertEquals(11, first.processed());
        JobReport second = run(people, model(), 5);
        assertEquals(11, second.skippedDone());
        assertEquals(0, second.processed());
        assertEquals(first.faces() + first.noFace() + first.failed(), stored().count());
    }

    @Test
    void anAddedImageIsTheOnlyOneEmbedded() throws IOException {
        Path people = smallCollection();
        run(people, model(), 5);
        Path added = people.resolve("Al_Sharpton/added.jpg");
        Files.copy(TestPaths.people().resolve("Bob_Hope").resolve(firstFile("Bob_Hope")), added);
        JobReport r = run(people, model(), 5);
        assertEquals(1, r.processed());
        assertEquals(11, r.skippedDone());
        assertEquals(Set.of("Al_Sharpton/added.jpg"),
                stored().where("written_at = (select max(written_at) from delta.`" + tmp.resolve("store") + "`)")
                        .select("path").distinct().collectAsList().stream().map(x -> x.getString(0))
                        .collect(Collectors.toSet()));
    }

    @Test
    void anotherModelEmbedsAgainAndKeepsTheOldRows() {
        Path people = smallCollection();
        JobReport first = run(people, model(), 5);
        long rowsBefore = stored().count();
        JobReport other = run(people, otherModel(), 5);
        assertEquals(0, other.skippedDone());
        assertEquals(11, other.processed());
        assertEquals(2, stored().select("signature").distinct().count());
        assertEquals(rowsBefore, stored().where("model = '" + model() + "'").count());
        assertEquals(11, first.processed());
    }

    @Test
    void everyEdgeFileEndsOkNoFaceOrFailed() throws IOException {
        JobReport r = run(TestPaths.edge(), model(), 1, "--report");
        assertEquals(22, r.listed());
        assertEquals(22, r.processed());
        Map<String, String> status = stored().where("face_index <= 0").collectAsList().stream()
                .collect(Collectors.toMap(x -> x.getString(0), x -> x.getString(5)));
        assertEquals(22, status.size());
        assertTrue(status.values().stream().allMatch(Set.of("ok", "no_face", "failed")::contains), status.toString());
        for (String bad : List.of("zero-bytes.jpg", "text-named.jpg", "random-bytes.png", "bomb-100000x100000.png")) {
            assertEquals("failed", status.get(bad), bad);
        }
        assertEquals(0, stored().where("status = 'failed' and (reason is null or reason = '')").count(),
                "every failure says why");

        Set<String> keys = new java.util.TreeSet<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(tmp.resolve("report.json").toFile()).fieldNames()
                .forEachRemaining(keys::add);
        assertEquals(new java.util.TreeSet<>(List.of("listed", "skippedDone", "skippedMinImages", "embedded", "noFace",
                "failed", "faces", "seconds", "imagesPerSecond")), keys, "the JSON report's keys");
        String html = Files.readString(tmp.resolve("report.html"));
        assertTrue(html.contains("Failures (" + r.failed() + ")"), "the HTML report counts the failures");
        for (String bad : List.of("zero-bytes.jpg", "text-named.jpg", "random-bytes.png", "bomb-100000x100000.png")) {
            assertTrue(html.contains(bad), "the HTML report names " + bad);
        }
        assertTrue(html.contains("<svg"), "the HTML report plots throughput");
        assertTrue(output.contains("inference ran on: CPU (--device cpu)"), output);
        assertTrue(html.contains("ran on</th><td>CPU"), "the HTML report says where inference ran");
    }

    @Test
    void dryRunPrintsThePlanAndEmbedsNothing() {
        JobReport r = run(TestPaths.people(), model(), 5, "--recursive", "--dry-run");
        assertEquals(0, r.processed());
        assertTrue(output.contains("179 listed"), output);
        assertTrue(output.contains("to do:    132 images"), output);
        assertEquals(0, stored().count());
    }

    static String firstFile(String person) throws IOException {
        try (Stream<Path> s = Files.list(TestPaths.people().resolve(person))) {
            return s.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
        }
    }
}
