package io.faceembed.inference.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Merges concurrent calls of one model into large batches along the first dimension: the way many Spark tasks
 * of one executor share one GPU session. Callers queue their input and wait; each of a few worker threads takes
 * every queued call that fits {@code limit} items, copies them into its own reused direct buffer, runs the model
 * once and hands each caller its rows of every output. While the GPU runs one merged batch, callers prepare and
 * queue the next, so batches grow with the load and no caller waits for a batch to fill. Runs are padded to a
 * few batch sizes ({@link #paddedRows}). A merged run that fails is run again call by call, so only a bad call
 * fails.
 */
public final class BatchMerger implements AutoCloseable {

    /**
     * What runs one merged batch: the model on {@code dims} items laid out in a direct buffer in native byte
     * order (floats, or bytes for a model that takes 8-bit pixels).
     */
    @FunctionalInterface
    public interface Engine {
        OnnxModel.Outputs run(ByteBuffer input, long[] dims);
    }

    /** One call's input: floats, or 8-bit pixels. */
    public static final class Input {
        private final float[] floats;
        private final byte[] bytes;

        private Input(float[] floats, byte[] bytes) {
            this.floats = floats;
            this.bytes = bytes;
        }

        public static Input of(float[] values) {
            return new Input(values, null);
        }

        public static Input of(byte[] values) {
            return new Input(null, values);
        }

        int byteCount() {
            return floats != null ? floats.length * Float.BYTES : bytes.length;
        }

        boolean sameKind(Input other) {
            return (floats == null) == (other.floats == null);
        }

        /** Appends the values at the buffer's position and moves it past them. */
        void appendTo(ByteBuffer buffer) {
            if (floats != null) {
                buffer.asFloatBuffer().put(floats);
                buffer.position(buffer.position() + floats.length * Float.BYTES);
            } else {
                buffer.put(bytes);
            }
        }
    }

    private static final long IDLE_POLL_MS = 200;
    private static final byte[] ZEROS = new byte[1 << 16];
    /** Every merger of this JVM not yet closed: how the bench reads the batches a job's models ran. */
    private static final Set<BatchMerger> OPEN = ConcurrentHashMap.newKeySet();

    private final Engine engine;
    private final int limit;
    private final String name;
    private final LinkedBlockingQueue<Call> queue = new LinkedBlockingQueue<>();
    private final Object takeLock = new Object();
    private final List<Thread> workers = new ArrayList<>();
    private final LongAdder runs = new LongAdder();
    private final LongAdder items = new LongAdder();
    private Call held; // taken from the queue but not mergeable with the batch it was drained into; under takeLock
    private volatile boolean closed;

    /**
     * @param limit   most items of one merged run; a call larger than this runs alone
     * @param workers threads that run merged batches (two: one copies while the other's batch computes)
     */
    public BatchMerger(String name, Engine engine, int limit, int workers) {
        if (limit < 1 || workers < 1) {
            throw new IllegalArgumentException("limit and workers must be at least 1, got " + limit + ", " + workers);
        }
        this.name = name;
        this.engine = engine;
        this.limit = limit;
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::work, "faceembed-merge-" + name + "-" + i);
            t.setDaemon(true);
            t.start();
            this.workers.add(t);
        }
        OPEN.add(this);
    }

    /** The mergers of this JVM that are open now. */
    public static List<BatchMerger> open() {
        return List.copyOf(OPEN);
    }

    /** The model this merger runs (its file name). */
    public String name() {
        return name;
    }

    /** Runs {@code input} of shape {@code dims} as part of a merged batch; blocks until its rows are back. */
    public OnnxModel.Outputs run(Input input, long[] dims) {
        if (closed) {
            throw new IllegalStateException("model " + name + " is closed");
        }
        Call call = new Call(input, dims.clone());
        queue.add(call);
        if (closed) {
            failQueued(); // closed while this call was being queued: no worker will take it
        }
        try {
            return call.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + name + " ran", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
    }

    /** Merged runs so far. */
    public long runs() {
        return runs.sum();
    }

    /** Items (first-dimension rows) run so far; {@code items() / runs()} is the mean merged batch. */
    public long items() {
        return items.sum();
    }

    private void work() {
        Scratch scratch = new Scratch();
        while (!closed) {
            List<Call> batch;
            try {
                batch = take();
            } catch (InterruptedException e) {
                return;
            }
            if (batch.isEmpty()) {
                continue;
            }
            try {
                runBatch(batch, scratch);
            } catch (RuntimeException e) {
                if (batch.size() == 1) {
                    batch.get(0).result.completeExceptionally(e);
                    continue;
                }
                for (Call c : batch) {
                    try {
                        runBatch(List.of(c), scratch);
                    } catch (RuntimeException alone) {
                        c.result.completeExceptionally(alone);
                    }
                }
            }
        }
    }

    /**
     * One model run for {@code calls}, padded with zero items up to the next batch size of {@link #paddedRows}, and
     * each call's rows handed back.
     */
    private void runBatch(List<Call> calls, Scratch scratch) {
        long rows = 0;
        long bytes = 0;
        for (Call c : calls) {
            rows += c.dims[0];
            bytes += c.input.byteCount();
        }
        long padded = paddedRows(rows, limit);
        long perRow = rows == 0 ? 0 : bytes / rows;
        scratch.buffer = fill(scratch.buffer, calls, bytes, perRow * padded);
        long[] dims = calls.get(0).dims.clone();
        dims[0] = padded;
        OnnxModel.Outputs merged = engine.run(scratch.buffer, dims);
        runs.increment();
        items.add(rows);
        split(calls, merged, padded);
    }

    /**
     * The batch size a run of {@code rows} items is padded to: the next power of two, at most {@code limit} (a
     * larger call runs as it is). A GPU session then sees a handful of input shapes, and each new shape costs
     * planning and kernel selection that later runs of the same shape do not pay again (on an H200 the detector
     * ran slower in merged batches of many sizes than one image at a time).
     */
    static long paddedRows(long rows, int limit) {
        if (rows >= limit || rows <= 1) {
            return rows;
        }
        return Math.min(limit, Long.highestOneBit(rows - 1) << 1);
    }

    /** The batch sizes {@link #paddedRows} gives for runs of 1 to {@code limit} items, smallest first. */
    public static List<Integer> batchSizes(int limit) {
        List<Integer> sizes = new ArrayList<>();
        for (long n = 1; n < limit; n <<= 1) {
            sizes.add((int) n);
        }
        sizes.add(limit);
        return sizes;
    }

    /**
     * Runs zero items once at every batch size of {@link #batchSizes}, so that a session plans each shape before
     * real work arrives; returns the milliseconds each took (the first run of a shape is the expensive one).
     *
     * @param item  the shape of one item (e.g. 3, 512, 512)
     * @param bytes whether the model takes 8-bit values rather than floats
     */
    public java.util.LinkedHashMap<Integer, Double> warmUp(long[] item, boolean bytes) {
        long perItem = 1;
        for (long d : item) {
            perItem *= d;
        }
        java.util.LinkedHashMap<Integer, Double> millis = new java.util.LinkedHashMap<>();
        Scratch scratch = new Scratch();
        for (int size : batchSizes(limit)) {
            long[] dims = new long[item.length + 1];
            dims[0] = size;
            System.arraycopy(item, 0, dims, 1, item.length);
            int values = (int) (size * perItem);
            Input zeros = bytes ? Input.of(new byte[values]) : Input.of(new float[values]);
            long t0 = System.nanoTime();
            scratch.buffer = fill(scratch.buffer, List.of(new Call(zeros, dims)), zeros.byteCount(), zeros.byteCount());
            engine.run(scratch.buffer, dims);
            millis.put(size, (System.nanoTime() - t0) / 1e6);
        }
        return millis;
    }

    /** The most items one merged run holds. */
    public int limit() {
        return limit;
    }

    /**
     * The calls' inputs one after another, then zeros up to {@code total} bytes, in {@code buffer} or in a larger
     * one when it is too small.
     */
    private static ByteBuffer fill(ByteBuffer buffer, List<Call> calls, long bytes, long total) {
        if (total > Integer.MAX_VALUE) {
            throw new IllegalStateException("a merged batch of " + total + " bytes is too large for one buffer");
        }
        ByteBuffer b = buffer;
        if (b == null || b.capacity() < total) {
            long grown = Math.max(total, b == null ? 0 : Math.min(Integer.MAX_VALUE, 2L * b.capacity()));
            b = ByteBuffer.allocateDirect((int) grown).order(ByteOrder.nativeOrder());
        }
        b.clear();
        for (Call c : calls) {
            c.input.appendTo(b);
        }
        for (long left = total - bytes; left > 0; left -= ZEROS.length) {
            b.put(ZEROS, 0, (int) Math.min(left, ZEROS.length));
        }
        b.flip();
        return b;
    }

    /** A worker's reused input buffer. */
    private static final class Scratch {
        ByteBuffer buffer;
    }

    /** The first waiting call and every call after it that fits the limit, all of one item shape. */
    private List<Call> take() throws InterruptedException {
        synchronized (takeLock) {
            Call first = held != null ? held : queue.poll(IDLE_POLL_MS, TimeUnit.MILLISECONDS);
            held = null;
            if (first == null) {
                return List.of();
            }
            List<Call> batch = new ArrayList<>();
            batch.add(first);
            long rows = first.dims[0];
            Call next;
            while (rows < limit && (next = queue.poll()) != null) {
                if (rows + next.dims[0] > limit || !sameItemShape(first, next)) {
                    held = next;
                    break;
                }
                batch.add(next);
                rows += next.dims[0];
            }
            return batch;
        }
    }

    private static boolean sameItemShape(Call a, Call b) {
        return a.input.sameKind(b.input) && Arrays.equals(a.dims, 1, a.dims.length, b.dims, 1, b.dims.length);
    }

    /** Each call's rows of every output, copied out of the merged result of {@code rows} rows (padding last). */
    private void split(List<Call> batch, OnnxModel.Outputs merged, long rows) {
        int offset = 0;
        for (Call c : batch) {
            List<float[]> values = new ArrayList<>(merged.values().size());
            List<long[]> shapes = new ArrayList<>(merged.values().size());
            for (int o = 0; o < merged.values().size(); o++) {
                long[] shape = merged.shape(o);
                if (shape.length == 0 || shape[0] != rows) {
                    throw new IllegalStateException(name + ": output " + o + " has shape " + Arrays.toString(shape)
                            + ", not one row per input item: its calls cannot be merged");
                }
                int perRow = (int) (merged.get(o).length / rows);
                float[] part = new float[(int) (perRow * c.dims[0])];
                System.arraycopy(merged.get(o), offset * perRow, part, 0, part.length);
                long[] partShape = shape.clone();
                partShape[0] = c.dims[0];
                values.add(part);
                shapes.add(partShape);
            }
            offset += (int) c.dims[0];
            c.result.complete(new OnnxModel.Outputs(values, shapes));
        }
    }

    /** Stops the workers once the calls they hold are done; calls still queued fail. */
    @Override
    public void close() {
        closed = true;
        OPEN.remove(this);
        for (Thread t : workers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        synchronized (takeLock) {
            if (held != null) {
                queue.add(held);
                held = null;
            }
        }
        failQueued();
    }

    private void failQueued() {
        Call c;
        while ((c = queue.poll()) != null) {
            c.result.completeExceptionally(new IllegalStateException("model " + name + " was closed"));
        }
    }

    private static final class Call {
        final Input input;
        final long[] dims;
        final CompletableFuture<OnnxModel.Outputs> result = new CompletableFuture<>();

        Call(Input input, long[] dims) {
            this.input = input;
            this.dims = dims;
        }
    }
}
