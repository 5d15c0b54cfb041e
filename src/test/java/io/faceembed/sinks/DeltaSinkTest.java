package io.faceembed.sinks;

import static io.faceembed.sinks.ResultRowsForTests.dataset;
import static io.faceembed.sinks.ResultRowsForTests.failed;
import static io.faceembed.sinks.ResultRowsForTests.noFace;
import static io.faceembed.sinks.ResultRowsForTests.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.faceembed.job.Sessions;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaSinkTest {

    private static final String SIG = "Dlib:aaaa|ssd:bbbb|align=v1";
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = Sessions.forTests();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    private DeltaSink sink(Path dir) {
        DeltaSink sink = new DeltaSink(spark, dir.resolve("embeddings").toString());
        sink.prepare();
        return sink;
    }

    private long rows(Path dir) {
        return spark.read().format("delta").load(dir.resolve("embeddings").toString()).count();
    }

    @Test
    void prepareCreatesAnEmptyTableWithTheResultSchema(@TempDir Path dir) {
        sink(dir);
        Dataset<Row> t = spark.read().format("delta").load(dir.resolve("embeddings").toString());
        assertEquals(0, t.count());
        assertEquals(List.of(ResultSchema.SCHEMA.fieldNames()), List.of(t.schema().fieldNames()));
        sink(dir); // preparing again keeps the table
    }

    @Test
    void writingTheSameRowsTwiceStoresOneSet(@TempDir Path dir) {
        DeltaSink sink = sink(dir);
        Dataset<Row> wave = dataset(spark, ok(SIG, "A/1.jpg", 10, 100, 0), ok(SIG, "A/1.jpg", 10, 100, 1),
                noFace(SIG, "A/2.jpg", 11, 100), failed(SIG, "A/3.jpg", 0, 100, "empty file"));
        assertEquals(4, sink.write(wave));
        assertEquals(0, sink.write(wave));
        assertEquals(4, rows(dir));
    }

    @Test
    void duplicateRowsInOneWaveAreStoredOnce(@TempDir Path dir) {
        DeltaSink sink = sink(dir);
        sink.write(dataset(spark, ok(SIG, "A/1.jpg", 10, 100, 0), ok(SIG, "A/1.jpg", 10, 100, 0)));
        assertEquals(1, rows(dir));
    }

    @Test
    void aNewResultReplacesTheImagesFailedRow(@TempDir Path dir) {
        DeltaSink sink = sink(dir);
        sink.write(dataset(spark, failed(SIG, "A/1.jpg", 10, 100, "model error"),
                failed(SIG, "A/2.jpg", 11, 100, "model error"), failed(SIG, "A/3.jpg", 12, 100, "still bad")));
        sink.write(dataset(spark, ok(SIG, "A/1.jpg", 10, 100, 0), ok(SIG, "A/1.jpg", 10, 100, 1),
                noFace(SIG, "A/2.jpg", 11, 100), failed(SIG, "A/3.jpg", 12, 100, "still bad")));
        assertEquals(List.of("A/1.jpg#0:ok", "A/1.jpg#1:ok", "A/2.jpg#-1:no_face", "A/3.jpg#-1:failed"), stored(dir));
    }

    @Test
    void storedKeysAreThoseOfTheSignatureAndLeaveOutFailedOnRetry(@TempDir Path dir) {
        DeltaSink sink = sink(dir);
        sink.write(dataset(spark, ok(SIG, "A/1.jpg", 10, 100, 0), ok(SIG, "A/1.jpg", 10, 100, 1),
                noFace(SIG, "A/2.jpg", 11, 100), failed(SIG, "A/3.jpg", 12, 100, "bad"),
                ok("Facenet:cccc|ssd:bbbb|align=v1", "A/4.jpg", 13, 100, 0)));
        assertEquals(Set.of("A/1.jpg", "A/2.jpg", "A/3.jpg"), paths(sink.storedKeys(SIG, false)));
        assertEquals(Set.of("A/1.jpg", "A/2.jpg"), paths(sink.storedKeys(SIG, true)));
        assertEquals(List.of("path", "size", "mtime"), List.of(sink.storedKeys(SIG, false).schema().fieldNames()));
    }

    @Test
    void aTableThisSinkCreatedIsPlannedAgainstWithoutReadingItUntilItWrites(@TempDir Path dir) {
        DeltaSink sink = sink(dir);
        Dataset<Row> before = sink.storedKeys(SIG, false);
        assertTrue(before.queryExecution().optimizedPlan() instanceof LocalRelation, before.queryExecution()
                .optimizedPlan().toString());
        assertEquals(List.of("path", "size", "mtime"), List.of(before.schema().fieldNames()));
        assertEquals(0, before.count());
        sink.write(dataset(spark, ok(SIG, "A/1.jpg", 10, 100, 0)));
        assertEquals(Set.of("A/1.jpg"), paths(sink.storedKeys(SIG, false)));
    }

    @Test
    void aSecondJobOnTheTableReadsItsKeysAndReplacesItsFailedRows(@TempDir Path dir) {
        DeltaSink first = sink(dir);
        first.write(dataset(spark, failed(SIG, "A/1.jpg", 10, 100, "model error"), ok(SIG, "A/2.jpg", 11, 100, 0)));
        DeltaSink second = sink(dir);
        assertEquals(Set.of("A/1.jpg", "A/2.jpg"), paths(second.storedKeys(SIG, false)));
        second.write(dataset(spark, ok(SIG, "A/1.jpg", 10, 100, 0)));
        assertEquals(List.of("A/1.jpg#0:ok", "A/2.jpg#0:ok"), stored(dir));
    }

    @Test
    void creatingATableThatExistsFailsSoOnlyItsCreatorTakesItForEmpty(@TempDir Path dir) {
        sink(dir);
        String path = DeltaSink.qualified(dir.resolve("embeddings").toString());
        assertThrows(Exception.class, () -> DeltaTable.create(spark).location(path)
                .addColumns(ResultSchema.SCHEMA).execute());
    }

    @Test
    void aDeltaTableOfSomethingElseIsRefusedWithItsPath(@TempDir Path dir) {
        String other = dir.resolve("embeddings").toString();
        spark.range(3).write().format("delta").save(other);
        SinkException e = assertThrows(SinkException.class, () -> new DeltaSink(spark, other).prepare());
        assertTrue(e.getMessage().contains(other) && e.getMessage().contains("not a faceembed results table"),
                e.getMessage());
    }

    /** path#face_index:status of every stored row, in key order. */
    private List<String> stored(Path dir) {
        return spark.read().format("delta").load(dir.resolve("embeddings").toString())
                .orderBy("path", "face_index").collectAsList().stream()
                .map(r -> r.getString(0) + "#" + r.getInt(4) + ":" + r.getString(5)).toList();
    }

    private static Set<String> paths(Dataset<Row> keys) {
        return keys.collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    }
}
