package io.faceembed.inference.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchMergerTest {

    /**
     * A two-output engine over items of 3 values: per item its sum, and the item doubled. Merged or not, a
     * caller's rows are right only if the merger splits the outputs back by caller.
     */
    private static final class SumAndDouble implements BatchMerger.Engine {
        final AtomicInteger calls = new AtomicInteger();
        final List<Long> batchSizes = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile CountDownLatch gate;

        @Override
        public OnnxModel.Outputs run(ByteBuffer bytes, long[] dims) {
            FloatBuffer input = bytes.asFloatBuffer();
            CountDownLatch g = gate;
            if (g != null) {
                awaitQuietly(g);
            }
            calls.incrementAndGet();
            batchSizes.add(dims[0]);
            int n = (int) dims[0];
            float[] sums = new float[n];
            float[] doubled = new float[n * 3];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 3; j++) {
                    float v = input.get(i * 3 + j);
                    if (Float.isNaN(v)) {
                        throw new IllegalStateException("NaN in item " + i);
                    }
                    sums[i] += v;
                    doubled[i * 3 + j] = 2 * v;
                }
            }
            return new OnnxModel.Outputs(List.of(sums, doubled), List.of(new long[] {n}, new long[] {n, 3}));
        }
    }

    @Test
    void concurrentCallsAreMergedAndEachCallerGetsItsOwnRows() throws Exception {
        SumAndDouble engine = new SumAndDouble();
        engine.gate = new CountDownLatch(1); // holds the first run so that the other calls queue up behind it
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try (BatchMerger merger = new BatchMerger("test", engine, 1000, 1)) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                int caller = c;
                done.add(callers.submit(() -> checkCall(merger, caller, 1 + caller % 5)));
            }
            Thread.sleep(200);
            engine.gate.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertTrue(engine.calls.get() < 16, "16 concurrent calls ran in " + engine.calls.get() + " model runs");
            assertEquals(engine.calls.get(), merger.runs());
            assertEquals(46, merger.items(), "the items of the calls (1 to 5 each), padding not counted");
            for (long size : engine.batchSizes) {
                assertEquals(1, Long.bitCount(size), "runs are padded to powers of two: " + engine.batchSizes);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aMergedBatchNeverExceedsTheLimitButALargerCallRunsAlone() throws Exception {
        SumAndDouble engine = new SumAndDouble();
        engine.gate = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try (BatchMerger merger = new BatchMerger("test", engine, 6, 1)) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int caller = c;
                done.add(callers.submit(() -> checkCall(merger, caller, caller == 0 ? 9 : 2)));
            }
            Thread.sleep(200);
            engine.gate.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            for (long size : engine.batchSizes) {
                assertTrue(size <= 6 || size == 9, "a merged batch of " + size + " items");
            }
            assertTrue(engine.batchSizes.contains(9L), "the call of 9 items ran: " + engine.batchSizes);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aBadCallFailsAloneWhenItsMergedBatchFails() throws Exception {
        SumAndDouble engine = new SumAndDouble();
        engine.gate = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try (BatchMerger merger = new BatchMerger("test", engine, 100, 1)) {
            Future<?> blocker = callers.submit(() -> checkCall(merger, 99, 1));
            Thread.sleep(100);
            Future<?> good1 = callers.submit(() -> checkCall(merger, 1, 2));
            Future<?> bad = callers.submit(() -> merger.run(BatchMerger.Input.of(new float[] {1, Float.NaN, 3}),
                    new long[] {1, 3}));
            Future<?> good2 = callers.submit(() -> checkCall(merger, 2, 3));
            Thread.sleep(200);
            engine.gate.countDown();
            blocker.get(30, TimeUnit.SECONDS);
            good1.get(30, TimeUnit.SECONDS);
            good2.get(30, TimeUnit.SECONDS);
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> bad.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("NaN"), e.getCause().getMessage());
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void runsArePaddedToPowersOfTwoUpToTheLimit() {
        assertEquals(1, BatchMerger.paddedRows(1, 128));
        assertEquals(2, BatchMerger.paddedRows(2, 128));
        assertEquals(4, BatchMerger.paddedRows(3, 128));
        assertEquals(64, BatchMerger.paddedRows(33, 128));
        assertEquals(128, BatchMerger.paddedRows(65, 128));
        assertEquals(128, BatchMerger.paddedRows(128, 128));
        assertEquals(300, BatchMerger.paddedRows(300, 128), "a call above the limit runs as it is");
        assertEquals(100, BatchMerger.paddedRows(70, 100), "never above the limit");
        assertEquals(List.of(1, 2, 4, 8, 16, 32, 64, 100), BatchMerger.batchSizes(100));
    }

    @Test
    void warmUpRunsEveryPaddedBatchSizeOnce() {
        SumAndDouble engine = new SumAndDouble();
        try (BatchMerger merger = new BatchMerger("warm", engine, 16, 1)) {
            java.util.Map<Integer, Double> millis = merger.warmUp(new long[] {3}, false);
            assertEquals(List.of(1, 2, 4, 8, 16), List.copyOf(millis.keySet()));
            assertEquals(List.of(1L, 2L, 4L, 8L, 16L), engine.batchSizes);
            assertEquals(0, merger.runs(), "warm-up runs are not counted as work");
        }
    }

    @Test
    void aClosedMergerRefusesCalls() {
        BatchMerger merger = new BatchMerger("closed-one", new SumAndDouble(), 10, 1);
        merger.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> merger.run(BatchMerger.Input.of(new float[3]), new long[] {1, 3}));
        assertTrue(e.getMessage().contains("closed-one"), e.getMessage());
        assertTrue(BatchMerger.open().stream().noneMatch(m -> m == merger), "a closed merger is not listed");
    }

    /** One caller's call of {@code n} items whose values encode the caller, checked against what it gets back. */
    private static Void checkCall(BatchMerger merger, int caller, int n) {
        float[] input = new float[n * 3];
        for (int i = 0; i < input.length; i++) {
            input[i] = caller * 1000 + i;
        }
        OnnxModel.Outputs out = merger.run(BatchMerger.Input.of(input), new long[] {n, 3});
        float[] sums = new float[n];
        float[] doubled = new float[n * 3];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                sums[i] += input[i * 3 + j];
                doubled[i * 3 + j] = 2 * input[i * 3 + j];
            }
        }
        assertArrayEquals(sums, out.get(0), "sums of caller " + caller);
        assertArrayEquals(doubled, out.get(1), "doubled items of caller " + caller);
        assertArrayEquals(new long[] {n}, out.shape(0));
        assertArrayEquals(new long[] {n, 3}, out.shape(1));
        return null;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
