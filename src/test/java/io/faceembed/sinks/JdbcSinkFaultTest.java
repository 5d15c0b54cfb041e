package io.faceembed.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class JdbcSinkFaultTest extends JdbcStoreTests {

    private static final String SIG = "Dlib:fault|ssd:fault|align=v1";
    private static final long DOWN_MS = 5_000;

    @Test
    void writeRidesOutServerStoppedForFiveSecondsWithoutLosingOrDuplicatingRows() throws Exception {
        long images = 120_000;
        long expectedRows = JdbcTestRows.generatedRows(images);
        JdbcSink sink = store.sink(spark, "fault", 500);
        sink.prepare();
        Dataset<Row> results = JdbcTestRows.generated(spark, SIG, images, 2);

        AtomicBoolean writeDone = new AtomicBoolean();
        CompletableFuture<Boolean> outage = CompletableFuture.supplyAsync(() -> {
            waitForRows(5_000);
            store.server.stop();
            try {
                boolean midWrite = !writeDone.get();
                sleep(DOWN_MS);
                return midWrite;
            } finally {
                store.server.start(); // the server is shared by later tests
            }
        });
        long started = System.nanoTime();
        long written;
        try {
            written = sink.write(results);
        } finally {
            writeDone.set(true);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        boolean stoppedMidWrite = outage.get(2, TimeUnit.MINUTES);

        long stored = store.count("SELECT count(*) FROM fault");
        long distinct = store.count("SELECT count(DISTINCT (signature, path, size, mtime, face_index)) FROM fault");
        long storedImages = store.count("SELECT count(DISTINCT path) FROM fault");
        System.out.printf("fault test: server down %d ms mid-write=%s; expected %d rows of %d images; table has %d "
                        + "rows (%d distinct keys, %d images); write() counted %d; took %.1f s%n", DOWN_MS,
                stoppedMidWrite, expectedRows, images, stored, distinct, storedImages, written, seconds);
        assertTrue(stoppedMidWrite, "the server went down only after the write had finished; make the write longer");
        assertEquals(expectedRows, stored);
        assertEquals(expectedRows, distinct);
        assertEquals(images, storedImages);
        assertTrue(written <= expectedRows && written > 0, "write() counted " + written);
    }

    private static void waitForRows(long rows) {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (store.count("SELECT count(*) FROM fault") >= rows) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("no rows arrived within 2 minutes");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
