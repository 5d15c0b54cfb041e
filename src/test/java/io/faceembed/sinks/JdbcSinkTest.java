package io.faceembed.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class JdbcSinkTest extends JdbcStoreTests {

    private static final String SIG = "Dlib:1a2b3c4d5e6f|ssd:5e6f7a8b9c0d|align=v1";

    @Test
    void prepareCreatesTableWithResultColumnsAndUniqueImageFaceKey() throws SQLException {
        JdbcSink sink = store.sink(spark, "created", 100);
        sink.prepare();
        sink.prepare(); // a second run finds the table and accepts it

        List<String> columns = new ArrayList<>();
        String embeddingType = null;
        try (Connection c = store.server.connect(store.database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
                     + "WHERE attrelid = 'created'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
                if (rs.getString(1).equals(ResultSchema.EMBEDDING)) {
                    embeddingType = rs.getString(2);
                }
            }
        }
        assertEquals(List.of(ResultSchema.SCHEMA.fieldNames()), columns);
        assertEquals("real[]", embeddingType);
        assertFalse(sink.usesVectorColumn());
        assertEquals(1, store.count("SELECT count(*) FROM pg_constraint WHERE conrelid = 'created'::regclass "
                + "AND contype = 'u' AND (SELECT array_agg(attname::text ORDER BY attname) FROM pg_attribute "
                + "WHERE attrelid = conrelid AND attnum = ANY (conkey)) = "
                + "ARRAY['face_index','mtime','path','signature','size']"));
    }

    @Test
    void writingTheSameRowsTwiceStoresThemOnce() {
        JdbcSink sink = store.sink(spark, "twice", 7);
        sink.prepare();
        Random random = new Random(1);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.addAll(JdbcTestRows.image(SIG, "p" + (i % 5) + "/i" + i + ".jpg", 100 + i, i % 4, random));
        }
        Dataset<Row> frame = JdbcTestRows.frame(spark, rows).repartition(1);

        long first = sink.write(frame);
        long second = sink.write(frame);

        assertEquals(rows.size(), first);
        assertEquals(0, second);
        assertEquals(rows.size(), store.count("SELECT count(*) FROM twice"));
        assertEquals(40, store.count("SELECT count(DISTINCT (path, size, mtime)) FROM twice"));
        // Embeddings arrive intact.
        Row face = rows.stream().filter(r -> r.get(13) != null).findFirst().orElseThrow();
        float[] expected = (float[]) face.get(13);
        assertEquals(Float.floatToIntBits(expected[5]), Float.floatToIntBits((float) store.value(
                "SELECT embedding[6] FROM twice WHERE path = '" + face.getString(0) + "' AND face_index = 0")));
    }

    @Test
    void retriedFailedImageReplacesItsFailedRow() {
        JdbcSink sink = store.sink(spark, "retried", 100);
        sink.prepare();
        sink.write(JdbcTestRows.frame(spark, List.of(JdbcTestRows.failed(SIG, "a/x.jpg", 5, "decode error"),
                JdbcTestRows.failed(SIG, "a/y.jpg", 6, "decode error"))));

        List<Row> retry = new ArrayList<>(JdbcTestRows.image(SIG, "a/x.jpg", 5, 2, new Random(2)));
        retry.addAll(JdbcTestRows.image(SIG, "a/y.jpg", 6, 0, new Random(3)));
        long written = sink.write(JdbcTestRows.frame(spark, retry));

        assertEquals(3, written);
        assertEquals(0, store.count("SELECT count(*) FROM retried WHERE status = 'failed'"));
        assertEquals(2, store.count("SELECT count(*) FROM retried WHERE path = 'a/x.jpg' AND status = 'ok'"));
        assertEquals(1, store.count("SELECT count(*) FROM retried WHERE path = 'a/y.jpg' AND status = 'no_face'"));

        // A late failure for an image that has its result is dropped, not stored beside it.
        assertEquals(0, sink.write(JdbcTestRows.frame(spark, List.of(JdbcTestRows.failed(SIG, "a/x.jpg", 5, "oom")))));
        assertEquals(0, store.count("SELECT count(*) FROM retried WHERE status = 'failed'"));
    }

    @Test
    void storedKeysFilterBySignatureAndLeaveFailedImagesOutWhenRetrying() {
        JdbcSink sink = store.sink(spark, "keys", 100).keyPartitions(3);
        sink.prepare();
        String odd = "odd's \\sig|align=v1"; // quote and backslash must reach the query as data
        List<Row> rows = new ArrayList<>(JdbcTestRows.image(SIG, "a/1.jpg", 1, 3, new Random(4)));
        rows.addAll(JdbcTestRows.image(SIG, "a/2.jpg", 2, 0, new Random(5)));
        rows.add(JdbcTestRows.failed(SIG, "a/3.jpg", 3, "truncated"));
        rows.addAll(JdbcTestRows.image(odd, "b/4.jpg", 4, 1, new Random(6)));
        sink.write(JdbcTestRows.frame(spark, rows));

        assertEquals(Set.of("a/1.jpg", "a/2.jpg", "a/3.jpg"), paths(sink.storedKeys(SIG, false)));
        assertEquals(Set.of("a/1.jpg", "a/2.jpg"), paths(sink.storedKeys(SIG, true)));
        assertEquals(Set.of("b/4.jpg"), paths(sink.storedKeys(odd, false)));
        assertEquals(Set.of(), paths(sink.storedKeys("other' OR '1'='1", false)));
        Dataset<Row> keys = sink.storedKeys(SIG, false);
        assertEquals(List.of(ResultSchema.PATH, ResultSchema.SIZE, ResultSchema.MTIME), List.of(keys.columns()));
        assertEquals(3, keys.count());
    }

    @Test
    void aTableWithoutTheSignaturesRowsIsPlannedAgainstWithoutASparkRead() {
        JdbcSink sink = store.sink(spark, "fresh_keys", 100);
        sink.prepare();
        Dataset<Row> none = sink.storedKeys(SIG, false);
        assertTrue(none.queryExecution().optimizedPlan() instanceof LocalRelation, none.queryExecution()
                .optimizedPlan().toString());
        assertEquals(List.of(ResultSchema.PATH, ResultSchema.SIZE, ResultSchema.MTIME), List.of(none.columns()));
        sink.write(JdbcTestRows.frame(spark, JdbcTestRows.image(SIG, "a/1.jpg", 1, 1, new Random(7))));
        Dataset<Row> stored = sink.storedKeys(SIG, false);
        assertFalse(stored.queryExecution().optimizedPlan() instanceof LocalRelation);
        assertEquals(Set.of("a/1.jpg"), paths(stored));
    }

    private static Set<String> paths(Dataset<Row> keys) {
        return keys.collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    }

    @Test
    void passwordNeverAppearsInDescribeOrErrors() throws IOException {
        JdbcSink good = store.sink(spark, "secret_check", 10);
        assertFalse(good.describe().contains(store.server.password()), good.describe());
        assertTrue(good.describe().contains("table=secret_check"), good.describe());

        String wrong = "Wr0ng-Secret-" + System.nanoTime();
        Path wrongProps = tempDir.resolve("wrong.properties");
        Files.writeString(wrongProps, "password=" + wrong + "\n");
        JdbcSettings settings = store.settings("secret_check", 10);
        JdbcSink bad = new JdbcSink(spark, settings, JdbcPassword.resolve(settings, wrongProps, Map.of(), tempDir),
                JdbcTestRows.DIM);
        JdbcStoreException e = assertThrows(JdbcStoreException.class, bad::prepare);
        System.out.println("auth failure message: " + e.getMessage());
        assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
        assertFalse(allMessages(e).contains(wrong), "password leaked: " + allMessages(e));
        assertFalse(bad.describe().contains(wrong));

        IllegalArgumentException inUrl = assertThrows(IllegalArgumentException.class,
                () -> JdbcSettings.parse(store.url + "?user=x&password=" + wrong, 10, Map.of()));
        assertFalse(inUrl.getMessage().contains(wrong), inUrl.getMessage());
        assertTrue(inUrl.getMessage().startsWith("--store:"), inUrl.getMessage());
    }

    private static String allMessages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }

    @Test
    void badTableNameIsRejectedWithOneLineNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JdbcSettings.parse(store.url + "?table=faces;drop", 10, Map.of()));
        assertTrue(e.getMessage().contains("'faces;drop'"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertThrows(IllegalArgumentException.class,
                () -> JdbcSettings.parse(store.url + "?table=a.b.c", 10, Map.of()));
    }

    @Test
    void existingTableWithOtherColumnsIsRefusedBeforeAnyWork() {
        store.execute("CREATE TABLE other_cols (path text, embedding text)");
        JdbcStoreException e = assertThrows(JdbcStoreException.class,
                () -> store.sink(spark, "other_cols", 10).prepare());
        assertTrue(e.getMessage().contains("table other_cols exists with other columns"), e.getMessage());
        assertTrue(e.getMessage().contains("no column signature"), e.getMessage());
        assertTrue(e.getMessage().contains("embedding is text"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void unreachableStoreIsNamedInOneLine() {
        JdbcSettings settings = JdbcSettings.parse("jdbc:postgresql://127.0.0.1:1/nowhere?user=u", 10, Map.of());
        JdbcSink sink = new JdbcSink(spark, settings, JdbcPassword.none(), JdbcTestRows.DIM);
        JdbcStoreException e = assertThrows(JdbcStoreException.class, sink::prepare);
        assertTrue(e.getMessage().contains("jdbc:postgresql://127.0.0.1:1/nowhere"), e.getMessage());
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
    }

    @Test
    void pgvectorDatabaseStoresVectorColumnWithHnswIndex() {
        Assumptions.assumeTrue(store.server.vectorAvailable(), "pgvector is not installed on this machine");
        JdbcTestStore vectorStore = new JdbcTestStore("jdbc_sink_vector", true, tempDir);
        JdbcSink sink = vectorStore.sink(spark, "vectors", 50);
        sink.prepare();
        assertTrue(sink.usesVectorColumn());
        assertEquals(1, vectorStore.count("SELECT count(*) FROM pg_indexes WHERE tablename = 'vectors' "
                + "AND indexdef LIKE '%hnsw%'"));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.addAll(JdbcTestRows.image(SIG, "v/" + i + ".jpg", i, i % 3, new Random(i)));
        }
        assertEquals(rows.size(), sink.write(JdbcTestRows.frame(spark, rows)));
        assertEquals(rows.size(), vectorStore.count("SELECT count(*) FROM vectors"));
        assertEquals(JdbcTestRows.DIM, vectorStore.count("SELECT vector_dims(embedding) FROM vectors "
                + "WHERE embedding IS NOT NULL LIMIT 1"));
    }
}
