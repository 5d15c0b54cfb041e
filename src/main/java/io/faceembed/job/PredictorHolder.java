package io.faceembed.job;

import io.faceembed.config.PipelineSpec;
import io.faceembed.inference.FacePipeline;
import java.util.HashMap;
import java.util.Map;

/**
 * One face pipeline per executor JVM, {@link PipelineSpec} and {@link PipelineOpener}, created lazily by the
 * first task that needs it and shared by all tasks after it (the pipeline is thread-safe). Closed by a JVM
 * shutdown hook. A static holder, not a {@code @transient} field, so deserialized task closures never load the
 * models again.
 */
public final class PredictorHolder {

    private static final Object LOCK = new Object();
    private static volatile Map<Key, FacePipeline> pipelines = Map.of();
    private static boolean hookInstalled;

    private PredictorHolder() {
    }

    private record Key(PipelineSpec spec, PipelineOpener opener) {
    }

    public static FacePipeline get(PipelineSpec spec, PipelineOpener opener) {
        Key key = new Key(spec, opener);
        FacePipeline p = pipelines.get(key);
        if (p != null) {
            return p;
        }
        synchronized (LOCK) {
            p = pipelines.get(key);
            if (p == null) {
                p = opener.open(spec);
                Map<Key, FacePipeline> next = new HashMap<>(pipelines);
                next.put(key, p);
                pipelines = Map.copyOf(next);
                installHook();
            }
            return p;
        }
    }

    /** Closes every pipeline of this JVM; a later {@link #get} opens afresh. */
    public static void closeAll() {
        Map<Key, FacePipeline> open;
        synchronized (LOCK) {
            open = pipelines;
            pipelines = Map.of();
        }
        for (FacePipeline p : open.values()) {
            try {
                p.close();
            } catch (RuntimeException e) {
                System.err.println("faceembed: closing a face pipeline failed: " + e.getMessage());
            }
        }
    }

    private static void installHook() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(PredictorHolder::closeAll, "faceembed-close-models"));
            hookInstalled = true;
        }
    }
}
