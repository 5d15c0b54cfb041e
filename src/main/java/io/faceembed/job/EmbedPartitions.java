package io.faceembed.job;

import io.faceembed.config.PipelineSpec;
import io.faceembed.imaging.DecodedImage;
import io.faceembed.imaging.ImageDecoder;
import io.faceembed.inference.FacePipeline;
import io.faceembed.inference.ImageOutcome;
import io.faceembed.listing.ImageFile;
import io.faceembed.listing.ImageListing;
import java.sql.Timestamp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Listing rows (path, folder, size, mtime) in, result rows out, for one partition: bytes are read and decoded on
 * the executor's {@link DecodePool} a few images ahead, while the executor's shared pipeline embeds batches. An
 * image that cannot be read, decoded or embedded becomes a {@code failed} row with the reason: nothing is lost.
 */
public final class EmbedPartitions implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final String root;
    private final Broadcast<SerializableConfiguration> hadoopConf;
    private final PipelineSpec spec;
    private final PipelineOpener opener;
    private final ResultRows.Producer producer;
    private final int batchSize;
    private final int decodeThreads;
    private final EmbedCounters counters;

    /**
     * @param root          the listed folder, fully qualified; rows hold paths relative to it
     * @param batchSize     decoded images per pipeline call
     * @param decodeThreads size of the executor's decode pool
     */
    public EmbedPartitions(String root, Broadcast<SerializableConfiguration> hadoopConf, PipelineSpec spec,
                           PipelineOpener opener, ResultRows.Producer producer, int batchSize, int decodeThreads,
                           EmbedCounters counters) {
        this.root = root;
        this.hadoopConf = hadoopConf;
        this.spec = spec;
        this.opener = opener;
        this.producer = producer;
        this.batchSize = batchSize;
        this.decodeThreads = decodeThreads;
        this.counters = counters;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) throws Exception {
        FacePipeline pipeline = PredictorHolder.get(spec, opener);
        counters.ranOn(pipeline.executionProvider());
        ExecutorService pool = DecodePool.get(decodeThreads);
        FileSystem fs = new Path(root).getFileSystem(hadoopConf.value().value());
        ImageDecoder decoder = new ImageDecoder();
        List<Row> out = new ArrayList<>();
        Deque<Future<Loaded>> ahead = new ArrayDeque<>();
        List<Loaded> batch = new ArrayList<>(batchSize);
        int maxAhead = 2 * batchSize;
        try {
            while (input.hasNext() || !ahead.isEmpty()) {
                while (ahead.size() < maxAhead && input.hasNext()) {
                    ImageFile image = ImageListing.fromRow(input.next());
                    ahead.add(pool.submit(() -> load(fs, decoder, image)));
                }
                Loaded next = await(ahead.poll());
                if (!next.result.ok()) {
                    emit(next.image, ImageOutcome.failed(next.result.failure()), out);
                    continue;
                }
                batch.add(next);
                if (batch.size() == batchSize) {
                    embed(pipeline, batch, out);
                    batch.clear();
                }
            }
        } finally {
            ahead.forEach(f -> f.cancel(true)); // a failed or killed task leaves no decode work behind it
        }
        embed(pipeline, batch, out);
        return failFirstAttemptIfAsked(out.iterator());
    }

    /**
     * Test hook for the fault tests: with system property {@value #FAIL_FIRST_ATTEMPT} holding {@code embed}, the
     * first attempt of every even partition throws halfway through its rows, so Spark retries the task.
     */
    public static final String FAIL_FIRST_ATTEMPT = "faceembed.test.failFirstAttempt";

    private static Iterator<Row> failFirstAttemptIfAsked(Iterator<Row> rows) {
        org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
        String stages = System.getProperty(FAIL_FIRST_ATTEMPT, "");
        if (task == null || task.attemptNumber() != 0 || task.partitionId() % 2 != 0
                || !java.util.Arrays.asList(stages.split(",")).contains("embed")) {
            return rows;
        }
        List<Row> all = new ArrayList<>();
        rows.forEachRemaining(all::add);
        int half = all.size() / 2;
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                if (i == half) {
                    throw new IllegalStateException("injected fault: first attempt of partition "
                            + task.partitionId() + " fails after " + half + " rows");
                }
                return i < all.size();
            }

            @Override
            public Row next() {
                return all.get(i++);
            }
        };
    }

    private Loaded load(FileSystem fs, ImageDecoder decoder, ImageFile image) {
        return new Loaded(image, LoadedImage.read(fs, new Path(root + "/" + image.path()), image.path(), image.size(),
                decoder));
    }

    private static Loaded await(Future<Loaded> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("decode task failed unexpectedly", e.getCause());
        }
    }

    private void embed(FacePipeline pipeline, List<Loaded> batch, List<Row> out) {
        List<DecodedImage> images = new ArrayList<>(batch.size());
        for (Loaded l : batch) {
            images.add(l.result.pixels());
        }
        List<ImageOutcome> outcomes = PipelineBatch.process(pipeline, spec, images);
        for (int i = 0; i < batch.size(); i++) {
            emit(batch.get(i).image, outcomes.get(i), out);
        }
    }

    private void emit(ImageFile image, ImageOutcome outcome, List<Row> out) {
        switch (outcome.status()) {
            case OK -> counters.ok(outcome.faces().size());
            case NO_FACE -> counters.noFace();
            case FAILED -> counters.failed();
        }
        out.addAll(ResultRows.of(image, outcome, producer, new Timestamp(System.currentTimeMillis())));
    }

    private record Loaded(ImageFile image, LoadedImage result) {
    }
}
