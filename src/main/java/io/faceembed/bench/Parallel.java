package io.faceembed.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** Runs a step over batches of items on a fixed number of threads (the calling thread alone when 1). */
final class Parallel {

    private Parallel() {
    }

    static <T> List<List<T>> batches(List<T> items, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            out.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return out;
    }

    static <T> void forEachBatch(List<T> items, int batchSize, int threads, Consumer<List<T>> step) {
        List<List<T>> batches = batches(items, batchSize);
        if (threads <= 1) {
            batches.forEach(step);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (List<T> b : batches) {
                done.add(pool.submit(() -> step.accept(b)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("bench step failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("bench interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
