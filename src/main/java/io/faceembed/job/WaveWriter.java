package io.faceembed.job;

import io.faceembed.sinks.ResultSink;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes each wave's results in the background while the next wave is embedded: the sink's commit (a Delta MERGE
 * takes seconds whatever the wave's size) then overlaps inference instead of stalling it. One write at a time, in
 * wave order; a wave's cached results are released once written. A failed write is thrown by the next
 * {@link #submit} or by {@link #finish}, so the job stops before it embeds much past a store that refuses rows.
 */
final class WaveWriter implements AutoCloseable {

    private final ResultSink sink;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "faceembed-wave-writer");
        t.setDaemon(true);
        return t;
    });
    private Future<?> inFlight;

    WaveWriter(ResultSink sink) {
        this.sink = sink;
    }

    /** Waits for the previous wave's write, then starts writing {@code results} (persisted; unpersisted after). */
    void submit(Dataset<Row> results) {
        awaitInFlight();
        inFlight = thread.submit(() -> {
            try {
                sink.write(results);
            } finally {
                results.unpersist();
            }
        });
    }

    /** Waits until every submitted wave is written; throws the write's failure if it had one. */
    void finish() {
        awaitInFlight();
    }

    private void awaitInFlight() {
        if (inFlight == null) {
            return;
        }
        Future<?> f = inFlight;
        inFlight = null;
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a wave was being written", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /** Lets a write in progress finish (a commit is never cut in half by us), then stops the thread. */
    @Override
    public void close() {
        try {
            if (inFlight != null) {
                inFlight.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // already failing: the caller's exception is the one to report
        } finally {
            thread.shutdown();
        }
    }
}
