package io.faceembed.bench;

import io.faceembed.job.Sessions;
import io.faceembed.sinks.DeltaSink;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one commit wave costs the Delta sink: successive waves of 1,000 new rows into one table, as the job writes
 * them (--db-batch-size 1000). Prints seconds per wave; measures, never asserts:
 * {@code mvn test -Dtest=DeltaWaveReport}; {@code -Ddeltawave.mode=append} times a plain append instead of the
 * sink's MERGE, for comparison.
 */
class DeltaWaveReport {

    private static final int WAVES = 12;
    private static final int ROWS = 1000;

    @Test
    void printsSecondsPerWave(@TempDir Path dir) {
        SparkSession spark = Sessions.forJob("local[2]", 2);
        try {
            DeltaSink sink = new DeltaSink(spark, dir.resolve("t").toString());
            sink.prepare();
            double total = 0;
            for (int w = 0; w < WAVES; w++) {
                Dataset<Row> wave = SyntheticRows.generate(spark, "sig", (long) w * ROWS, ROWS, 2)
                        .persist(StorageLevel.MEMORY_ONLY());
                wave.count();
                long start = System.nanoTime();
                if ("append".equals(System.getProperty("deltawave.mode"))) {
                    wave.write().format("delta").mode("append").save(dir.resolve("t").toString());
                } else {
                    sink.write(wave);
                }
                double s = (System.nanoTime() - start) / 1e9;
                wave.unpersist();
                if (w >= 2) {
                    total += s;
                }
                System.out.printf(Locale.ROOT, "delta-wave: wave %2d: %d rows in %.2f s%n", w, ROWS, s);
            }
            System.out.printf(Locale.ROOT, "delta-wave: mean after 2 warm-up waves %.2f s per wave, %.0f rows/s%n",
                    total / (WAVES - 2), ROWS * (WAVES - 2) / total);
        } finally {
            spark.stop();
        }
    }
}
