package io.faceembed.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/**
 * Rows per second into a fresh table, rows prepared in memory beforehand so only the write is timed, with the CPU
 * time of the JVM and of PostgreSQL beside it. Measures, never asserts a timing (the bench's {@code jdbcRowsPerSecond}
 * is the figure of record): {@code mvn test -Dtest=JdbcSinkThroughputReport}. Size: -Dfaceembed.jdbc.benchImages
 * (default 60,000 images, about 90,000 rows).
 */
class JdbcSinkThroughputReport extends JdbcStoreTests {

    @Test
    void printsRowsPerSecondAndTheCpuTimeOfBothSides() {
        long images = Long.getLong("faceembed.jdbc.benchImages", 60_000);
        int batch = Integer.getInteger("faceembed.jdbc.benchBatch", 1_000);
        long rows = JdbcTestRows.generatedRows(images);
        Dataset<Row> results = JdbcTestRows.generated(spark, "Dlib:bench|ssd:bench|align=v1", images, 2)
                .persist(StorageLevel.MEMORY_ONLY());
        assertEquals(rows, results.count());
        JdbcSink warmUp = store.sink(spark, "bench_warmup", batch);
        warmUp.prepare();
        warmUp.write(results.limit(20_000)); // JIT-compiles the write path, as any long job has
        JdbcSink sink = store.sink(spark, "bench", batch);
        sink.prepare();

        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double serverCpu0 = store.server.cpuSeconds();
        long jvmCpu0 = os.getProcessCpuTime();
        long started = System.nanoTime();
        long written = sink.write(results);
        double seconds = (System.nanoTime() - started) / 1e9;
        double jvmCpu = (os.getProcessCpuTime() - jvmCpu0) / 1e9;
        double serverCpu = store.server.cpuSeconds() - serverCpu0;
        results.unpersist();

        double rate = written / seconds;
        System.out.printf("JDBC sink throughput: %d rows (128-D) in %.2f s = %.0f rows/s (batch %d, 2 partitions); "
                        + "CPU: JVM %.2f s + PostgreSQL %.2f s = %.0f rows per CPU-second (load average %.1f on %d "
                        + "cores)%n", written, seconds, rate, batch, jvmCpu, serverCpu,
                written / (jvmCpu + serverCpu), os.getSystemLoadAverage(), os.getAvailableProcessors());
        assertEquals(rows, written);
    }
}
