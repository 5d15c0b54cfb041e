package io.faceembed.job;

import io.faceembed.progress.ProgressSource;
import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * Live counts for the progress line, updated by the tasks as images finish. Tasks that are retried may count twice,
 * so the final report takes its numbers from the written results instead.
 */
public final class EmbedCounters implements Serializable, ProgressSource {

    private static final long serialVersionUID = 1L;

    private final LongAccumulator images;
    private final LongAccumulator faces;
    private final LongAccumulator noFace;
    private final LongAccumulator failed;
    private final CollectionAccumulator<String> providers;

    public EmbedCounters(SparkContext sc) {
        images = sc.longAccumulator("faceembed.images");
        faces = sc.longAccumulator("faceembed.faces");
        noFace = sc.longAccumulator("faceembed.noFace");
        failed = sc.longAccumulator("faceembed.failed");
        providers = sc.collectionAccumulator("faceembed.executionProviders");
    }

    /** Once per task: the execution provider its pipeline ran on. */
    void ranOn(String provider) {
        providers.add(provider);
    }

    /** The execution providers the tasks ran on, each once, sorted: e.g. [CUDA:0, CUDA:1]. */
    public java.util.SortedSet<String> executionProviders() {
        return new java.util.TreeSet<>(providers.value());
    }

    void ok(int faceCount) {
        images.add(1);
        faces.add(faceCount);
    }

    void noFace() {
        images.add(1);
        noFace.add(1);
    }

    void failed() {
        images.add(1);
        failed.add(1);
    }

    @Override
    public long images() {
        return images.value();
    }

    @Override
    public long faces() {
        return faces.value();
    }

    public long noFaceImages() {
        return noFace.value();
    }

    @Override
    public long failedImages() {
        return failed.value();
    }
}
