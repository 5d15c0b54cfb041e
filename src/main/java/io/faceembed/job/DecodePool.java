package io.faceembed.job;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor JVM's decode threads (read bytes + decode), shared by all its tasks so that {@code --workers}
 * bounds decoding per executor, however many task slots it has. Sized by the first task; daemon threads.
 */
public final class DecodePool {

    private static final Object LOCK = new Object();
    private static volatile ExecutorService pool;

    private DecodePool() {
    }

    public static ExecutorService get(int threads) {
        ExecutorService p = pool;
        if (p != null) {
            return p;
        }
        synchronized (LOCK) {
            if (pool == null) {
                AtomicInteger n = new AtomicInteger();
                pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
                    Thread t = new Thread(r, "faceembed-decode-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
            }
            return pool;
        }
    }
}
