package io.faceembed.inference.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * One direct buffer per thread that the CPU path's input tensors are built on. Given a Java array, ONNX Runtime's
 * Java API copies it into a new direct buffer for every call, zeroed first and freed only when the garbage
 * collector finds it: for the recogniser's mirrored batches 8.6 MB a call, fresh pages the kernel clears too. A
 * thread runs one model call at a time and closes its tensor before the call returns, so the thread's buffer is
 * free again for its next call, of any model.
 */
final class ThreadInputBuffer {

    private static final ThreadLocal<ByteBuffer> BUFFER = new ThreadLocal<>();

    private ThreadInputBuffer() {
    }

    /**
     * The calling thread's buffer holding {@code parts} one after another as floats in native byte order, from
     * position 0 to its limit.
     */
    static ByteBuffer holding(List<float[]> parts) {
        long values = 0;
        for (float[] part : parts) {
            values += part.length;
        }
        ByteBuffer b = sized(values * Float.BYTES);
        FloatBuffer floats = b.asFloatBuffer();
        for (float[] part : parts) {
            floats.put(part);
        }
        b.limit((int) values * Float.BYTES);
        return b;
    }

    /** The calling thread's buffer holding {@code values}, from position 0 to its limit. */
    static ByteBuffer holding(byte[] values) {
        ByteBuffer b = sized(values.length);
        b.put(values);
        b.flip();
        return b;
    }

    private static ByteBuffer sized(long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an input of " + bytes + " bytes is too large for one buffer");
        }
        ByteBuffer b = BUFFER.get();
        if (b == null || b.capacity() < bytes) {
            // grown by half again at least, so a batch that grows a little at a time does not reallocate each call
            long grown = b == null ? bytes
                    : Math.max(bytes, Math.min(Integer.MAX_VALUE, b.capacity() + b.capacity() / 2L));
            b = ByteBuffer.allocateDirect((int) grown).order(ByteOrder.nativeOrder());
            BUFFER.set(b);
        }
        b.clear();
        return b;
    }
}
