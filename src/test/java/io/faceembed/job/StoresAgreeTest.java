package io.faceembed.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.cli.FaceEmbed;
import io.faceembed.sinks.ResultSchema;
import io.faceembed.testing.InstalledModels;
import io.faceembed.testing.PostgresServer;
import io.faceembed.testing.TestFiles;
import io.faceembed.testing.TestPaths;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same command line, once with the default Delta store and once with a PostgreSQL store (its password from
 * {@code --store-properties}): both stores end with the same rows, faces and embeddings, and the password shows
 * in none of the output, the reports and Spark's event log.
 */
class StoresAgreeTest {

    @TempDir
    Path tmp;

    /** One stored row, reduced to what a user reads back: its status and embedding. */
    private record Stored(String status, float[] embedding) {
    }

    @Test
    void deltaAndPostgresHoldTheSameResults() throws Exception {
        Path people = tmp.resolve("people");
        for (String person : List.of("Abdullah_Gul", "Amelia_Vega")) {
            TestFiles.copyTree(TestPaths.people().resolve(person), people.resolve(person));
        }
        TestFiles.copyTree(TestPaths.edge(), people.resolve("edge"));

        PostgresServer server = PostgresServer.shared();
        String url = server.createDatabase("stores_agree", false) + "?user=" + server.superuser();
        Path properties = tmp.resolve("store.properties");
        Files.writeString(properties, "password=" + server.password() + "\n");

        String delta = tmp.resolve("delta-store").toString();
        embed(people, "delta:" + delta);
        Path events = Files.createDirectories(tmp.resolve("spark-events"));
        Path report = tmp.resolve("report.json");
        // one plain-text event log (Spark 4 compresses and rolls them by default)
        Map<String, String> eventLog = Map.of("spark.eventLog.enabled", "true",
                "spark.eventLog.dir", events.toUri().toString(), "spark.eventLog.compress", "false",
                "spark.eventLog.rolling.enabled", "false");
        eventLog.forEach(System::setProperty);
        String jdbcOut;
        try {
            jdbcOut = embed(people, url, "--store-properties", properties.toString(), "--report", report.toString());
        } finally {
            eventLog.keySet().forEach(System::clearProperty);
        }
        assertPasswordAbsent(server.password(), "the command's output", jdbcOut);
        assertPasswordAbsent(server.password(), "the JSON report", Files.readString(report));
        assertPasswordAbsent(server.password(), "the HTML report", Files.readString(tmp.resolve("report.html")));
        try (Stream<Path> logs = Files.walk(events)) {
            List<Path> files = logs.filter(Files::isRegularFile).toList();
            assertEquals(1, files.size(), "one Spark event log");
            String log = Files.readString(files.get(0));
            assertTrue(log.contains("SparkListenerTaskEnd"), "the event log covers the job's tasks");
            assertPasswordAbsent(server.password(), "Spark's event log (what the history server shows)", log);
        }

        Map<String, Stored> inDelta = readDelta(delta);
        Map<String, Stored> inPostgres = readPostgres(server);
        System.out.println("stores-agree: " + inDelta.size() + " rows in Delta, " + inPostgres.size()
                + " in PostgreSQL");
        assertEquals(6 + 3 + 22, inDelta.keySet().stream().map(k -> k.substring(0, k.lastIndexOf('#'))).distinct()
                .count(), "every image of the two persons and the edge files has rows");
        assertEquals(inDelta.keySet(), inPostgres.keySet(), "the same (path, face index) rows");
        for (Map.Entry<String, Stored> e : inDelta.entrySet()) {
            Stored d = e.getValue();
            Stored p = inPostgres.get(e.getKey());
            assertEquals(d.status(), p.status(), e.getKey());
            if (d.embedding() == null) {
                assertEquals(null, p.embedding(), e.getKey());
            } else {
                assertEquals(d.embedding().length, p.embedding().length, e.getKey());
                for (int i = 0; i < d.embedding().length; i++) {
                    assertEquals(d.embedding()[i], p.embedding()[i], 1e-6, e.getKey() + " [" + i + "]");
                }
            }
        }
    }

    private static void assertPasswordAbsent(String password, String where, String text) {
        assertFalse(text.contains(password), "the PostgreSQL password appears in " + where);
    }

    private String embed(Path folder, String store, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("embed", "--folder", folder.toString(), "--recursive",
                "--min-images", "1", "--workers", "2", "--chunk-size", "4", "--db-batch-size", "8",
                "--store", store, "--models-dir", InstalledModels.dir().toString(), "--device", "cpu",
                "--master", "local[2]"));
        args.addAll(List.of(more));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = FaceEmbed.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, text);
        return text;
    }

    private static Map<String, Stored> readDelta(String path) {
        SparkSession spark = Sessions.forTests();
        try {
            Map<String, Stored> rows = new TreeMap<>();
            for (Row r : spark.read().format("delta").load(path).select(ResultSchema.PATH, ResultSchema.FACE_INDEX,
                    ResultSchema.STATUS, ResultSchema.EMBEDDING).collectAsList()) {
                float[] e = null;
                if (!r.isNullAt(3)) {
                    List<Float> list = r.getList(3);
                    e = new float[list.size()];
                    for (int i = 0; i < e.length; i++) {
                        e[i] = list.get(i);
                    }
                }
                rows.put(r.getString(0) + "#" + r.getInt(1), new Stored(r.getString(2), e));
            }
            return rows;
        } finally {
            spark.stop();
        }
    }

    private static Map<String, Stored> readPostgres(PostgresServer server) throws Exception {
        Map<String, Stored> rows = new TreeMap<>();
        try (Connection c = server.connect("stores_agree"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT path, face_index, status, embedding::text FROM face_embeddings")) {
            while (rs.next()) {
                rows.put(rs.getString(1) + "#" + rs.getInt(2), new Stored(rs.getString(3), parse(rs.getString(4))));
            }
        }
        return rows;
    }

    /** {@code {1,2}} (real[]) or {@code [1,2]} (pgvector) as floats; null stays null. */
    private static float[] parse(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.substring(1, text.length() - 1).split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.parseFloat(parts[i].strip());
        }
        return v;
    }
}
