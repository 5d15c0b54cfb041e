package io.faceembed.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceembed.ml.FaceEmbedder;
import io.faceembed.sinks.ResultSchema;
import io.faceembed.testing.InstalledModels;
import io.faceembed.testing.TestPaths;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * notebooks/explore_embeddings.ipynb cannot rot: every SQL cell runs, in notebook order, against a Delta table of
 * sample/people registered as the view {@code embeddings}, as the notebook's setup cell registers it, and the view
 * {@code notebook_faces} that {@link FaceEmbedder} makes of the project's sample, as its Python cell makes it.
 */
class ExploreNotebookTest {

    static final Path NOTEBOOK = Path.of("notebooks", "explore_embeddings.ipynb");
    static final String SQL_MAGIC = "%%sparksql";
    /** What the FaceEmbedder cell embeds by default, from the notebook's folder. */
    static final Path SAMPLE = Path.of("sample", "faces");

    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void sampleTable() {
        spark = TestSpark.session();
        Path table = dir.resolve("embeddings");
        EmbeddedTree.writeDelta(spark, TestPaths.people(), table);
        spark.read().format("delta").load(table.toString()).createOrReplaceTempView("embeddings");
        Dataset<Row> images = spark.read().format("binaryFile").option("recursiveFileLookup", "true")
                .load(SAMPLE.toString());
        new FaceEmbedder().setInputCol("content").setModelsDir(InstalledModels.dir().toString()).transform(images)
                .drop("content").cache().createOrReplaceTempView("notebook_faces");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    record Cell(int index, String type, String source) {
        boolean isSql() {
            return type.equals("code") && (source.startsWith(SQL_MAGIC) || source.startsWith("%sql")
                    || source.startsWith("-- sql"));
        }

        String sql() {
            return source.startsWith("%") ? source.substring(source.indexOf('\n') + 1) : source;
        }

        String title() {
            String sql = sql();
            return sql.substring(0, Math.max(0, sql.indexOf('\n'))).strip();
        }
    }

    static List<Cell> cells() throws IOException {
        JsonNode nb = new ObjectMapper().readTree(NOTEBOOK.toFile());
        List<Cell> cells = new ArrayList<>();
        int i = 0;
        for (JsonNode c : nb.get("cells")) {
            StringBuilder source = new StringBuilder();
            JsonNode s = c.get("source");
            if (s.isArray()) {
                s.forEach(line -> source.append(line.asText()));
            } else {
                source.append(s.asText());
            }
            cells.add(new Cell(i++, c.get("cell_type").asText(), source.toString()));
        }
        return cells;
    }

    @Test
    void everySqlCellRunsAgainstTheSampleTable() throws IOException {
        List<Cell> sql = cells().stream().filter(Cell::isSql).toList();
        assertTrue(sql.size() >= 8, "expected the notebook's SQL cells, found " + sql.size());
        List<String> failures = new ArrayList<>();
        for (Cell c : sql) {
            assertTrue(c.sql().startsWith("-- sql"), "cell " + c.index() + " has no '-- sql:' title line");
            try {
                List<Row> rows = spark.sql(c.sql()).collectAsList();
                System.out.printf("cell %d %s: %d rows%s%n", c.index(), c.title(), rows.size(),
                        rows.isEmpty() ? "" : ", first " + rows.get(0));
            } catch (Exception e) {
                failures.add("cell " + c.index() + " (" + c.title() + "): " + e.getMessage().lines().findFirst()
                        .orElse(""));
            }
        }
        if (!failures.isEmpty()) {
            fail("SQL cells of " + NOTEBOOK + " fail:\n" + String.join("\n", failures));
        }
        long imagesWithFace = spark.sql("SELECT count(DISTINCT path) FROM embeddings WHERE status = 'ok'").head()
                .getLong(0);
        assertEquals(imagesWithFace, spark.sql("SELECT count(*) FROM primary_faces").head().getLong(0),
                "primary_faces: one face per image with a face");
    }

    @Test
    void sqlCellsSeeTheResultTablesColumns() throws IOException {
        String all = String.join("\n", cells().stream().filter(Cell::isSql).map(Cell::sql).toList());
        for (String column : List.of(ResultSchema.PATH, ResultSchema.FOLDER, ResultSchema.STATUS,
                ResultSchema.EMBEDDING, ResultSchema.FACE_INDEX)) {
            assertTrue(all.contains(column), "no SQL cell uses column " + column);
        }
    }

    @Test
    void theFaceEmbedderCellCallsWhatTheClassHas() throws Exception {
        Cell cell = cells().stream().filter(c -> c.source().contains("FaceEmbedder()")).findFirst().orElseThrow();
        Matcher jvm = Pattern.compile("spark\\._jvm\\.([\\w.]+)\\(\\)").matcher(cell.source());
        assertTrue(jvm.find(), cell.source());
        assertEquals(FaceEmbedder.class.getName(), jvm.group(1));
        String folder = "../" + SAMPLE;
        assertTrue(cell.source().contains("\"" + folder + "\"") && Files.isDirectory(NOTEBOOK.resolveSibling(folder)),
                "the cell's default folder, from the notebook's, is the project's " + SAMPLE);
        Matcher call = Pattern.compile("\\.(set\\w+)\\(").matcher(cell.source());
        Set<String> methods = new HashSet<>();
        for (Method m : FaceEmbedder.class.getMethods()) {
            methods.add(m.getName());
        }
        int calls = 0;
        while (call.find()) {
            assertTrue(methods.contains(call.group(1)), "FaceEmbedder has no " + call.group(1));
            calls++;
        }
        assertTrue(calls >= 2, cell.source());
    }

    @Test
    void pythonCellsAreValidPython() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 not installed");
        for (Cell c : cells()) {
            if (!c.type().equals("code") || c.isSql()) {
                continue;
            }
            Path file = Files.createTempFile(dir, "cell", ".py");
            Files.writeString(file, c.source(), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("/usr/bin/python3", "-c",
                    "import ast, sys; ast.parse(open(sys.argv[1]).read())", file.toString())
                    .redirectErrorStream(true).start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), "python cell " + c.index() + " does not parse: " + out);
        }
    }
}
