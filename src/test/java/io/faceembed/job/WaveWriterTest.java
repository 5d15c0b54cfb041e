package io.faceembed.job;

import static io.faceembed.sinks.ResultRowsForTests.dataset;
import static io.faceembed.sinks.ResultRowsForTests.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.faceembed.sinks.DeltaSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Background wave writes into a real Delta table: in order, one commit per wave, failures not swallowed. */
class WaveWriterTest {

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

    private static Dataset<Row> wave(int number, int images) {
        Row[] rows = new Row[images];
        for (int i = 0; i < images; i++) {
            rows[i] = ok(SIG, "P" + number + "/" + i + ".jpg", 100 + i, 1000, 0);
        }
        Dataset<Row> d = dataset(spark, rows).persist(StorageLevel.MEMORY_AND_DISK());
        d.count();
        return d;
    }

    @Test
    void wavesAreCommittedInOrderOneCommitEachAndReleasedAfterwards(@TempDir Path dir) {
        String table = dir.resolve("t").toString();
        DeltaSink sink = new DeltaSink(spark, table);
        sink.prepare();
        List<Dataset<Row>> waves = new ArrayList<>();
        try (WaveWriter writer = new WaveWriter(sink)) {
            for (int w = 1; w <= 3; w++) {
                Dataset<Row> results = wave(w, w + 1);
                waves.add(results);
                writer.submit(results);
            }
            writer.finish();
        }
        long version = DeltaTable.forPath(spark, table).history().selectExpr("max(version)").first().getLong(0);
        assertEquals(3, version, "table creation, then one commit per wave");
        for (int w = 1; w <= 3; w++) {
            List<String> added = spark.read().format("delta").option("versionAsOf", w).load(table)
                    .except(spark.read().format("delta").option("versionAsOf", w - 1).load(table))
                    .select("path").distinct().collectAsList().stream().map(r -> r.getString(0).split("/")[0])
                    .distinct().toList();
            assertEquals(List.of("P" + w), added, "commit " + w + " holds wave " + w);
        }
        for (Dataset<Row> results : waves) {
            assertEquals(StorageLevel.NONE(), results.storageLevel(), "a written wave's cache is released");
        }
    }

    @Test
    void aFailedWriteStopsTheNextSubmitWithItsMessage(@TempDir Path dir) {
        DeltaSink sink = new DeltaSink(spark, dir.resolve("t").toString());
        sink.prepare();
        try (WaveWriter writer = new WaveWriter(sink)) {
            writer.submit(spark.range(3).toDF()); // no result columns: the MERGE cannot resolve them
            RuntimeException e = assertThrows(RuntimeException.class, () -> writer.submit(wave(2, 2)));
            assertTrue(String.valueOf(e.getMessage()).contains("path"), "the write's own message: " + e.getMessage());
            writer.finish(); // nothing in flight any more: the failure was reported once
        }
    }
}
