package io.faceembed.ml;

import io.faceembed.config.PipelineSpec;
import io.faceembed.imaging.DecodedImage;
import io.faceembed.imaging.ImageDecoder;
import io.faceembed.inference.FacePipeline;
import io.faceembed.inference.ImageOutcome;
import io.faceembed.job.DecodePool;
import io.faceembed.job.LoadedImage;
import io.faceembed.job.PipelineBatch;
import io.faceembed.job.PipelineOpener;
import io.faceembed.job.PredictorHolder;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.SerializableConfiguration;

/**
 * {@link FaceEmbedder}'s task: each input row comes out once, in order, with its faces and error appended. Rows
 * stream through in batches (a partition of image bytes is never held whole): the executor's decode pool reads and
 * decodes a batch ahead while the executor's shared pipeline ({@link PredictorHolder}) embeds the current one.
 */
final class FaceColumnPartitions implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    /** Where an input row's image comes from. */
    enum Source { BYTES, PATH }

    private final int inputIndex;
    private final Source source;
    private final int nameIndex;
    private final Broadcast<SerializableConfiguration> hadoopConf;
    private final PipelineSpec spec;
    private final PipelineOpener opener;
    private final int batchSize;

    /** @param nameIndex a string column naming each image in messages (binaryFile's {@code path}), or -1 */
    FaceColumnPartitions(int inputIndex, Source source, int nameIndex, Broadcast<SerializableConfiguration> hadoopConf,
                         PipelineSpec spec, PipelineOpener opener, int batchSize) {
        this.inputIndex = inputIndex;
        this.source = source;
        this.nameIndex = nameIndex;
        this.hadoopConf = hadoopConf;
        this.spec = spec;
        this.opener = opener;
        this.batchSize = batchSize;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        FacePipeline pipeline = PredictorHolder.get(spec, opener);
        ExecutorService pool = DecodePool.get(Runtime.getRuntime().availableProcessors());
        return new Batches(input, pipeline, pool, new ImageDecoder());
    }

    private final class Batches implements Iterator<Row> {
        private final Iterator<Row> input;
        private final FacePipeline pipeline;
        private final ExecutorService pool;
        private final ImageDecoder decoder;
        private final Deque<Future<Pending>> ahead = new ArrayDeque<>();
        private final Deque<Row> ready = new ArrayDeque<>();

        Batches(Iterator<Row> input, FacePipeline pipeline, ExecutorService pool, ImageDecoder decoder) {
            this.input = input;
            this.pipeline = pipeline;
            this.pool = pool;
            this.decoder = decoder;
            TaskContext task = TaskContext.get();
            if (task != null) { // a failed or killed task leaves no decode work behind it
                task.addTaskCompletionListener((TaskCompletionListener) t -> ahead.forEach(f -> f.cancel(true)));
            }
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && (input.hasNext() || !ahead.isEmpty())) {
                nextBatch();
            }
            return !ready.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        private void nextBatch() {
            while (ahead.size() < 2 * batchSize && input.hasNext()) {
                Row row = input.next();
                ahead.add(pool.submit(() -> new Pending(row, load(row))));
            }
            List<Pending> batch = new ArrayList<>(batchSize);
            List<DecodedImage> images = new ArrayList<>(batchSize);
            while (batch.size() < batchSize && !ahead.isEmpty()) {
                Pending p = await(ahead.poll());
                batch.add(p);
                if (p.image.ok()) {
                    images.add(p.image.pixels());
                }
            }
            Iterator<ImageOutcome> outcomes = PipelineBatch.process(pipeline, spec, images).iterator();
            for (Pending p : batch) {
                ImageOutcome outcome = p.image.ok() ? outcomes.next() : ImageOutcome.failed(p.image.failure());
                ready.add(withFaces(p.row, outcome));
            }
        }

        private LoadedImage load(Row row) {
            if (row.isNullAt(inputIndex)) {
                return LoadedImage.failed("no image: the input column is null");
            }
            String name = nameIndex >= 0 && !row.isNullAt(nameIndex) ? row.getString(nameIndex) : "image";
            if (source == Source.BYTES) {
                return LoadedImage.decode((byte[]) row.get(inputIndex), name, decoder);
            }
            Path file = new Path(row.getString(inputIndex));
            try {
                FileSystem fs = file.getFileSystem(hadoopConf.value().value());
                return LoadedImage.read(fs, file, file.toString(), fs.getFileStatus(file).getLen(), decoder);
            } catch (FileNotFoundException e) {
                return LoadedImage.failed("file does not exist: " + file);
            } catch (IOException | IllegalArgumentException e) {
                return LoadedImage.failed("cannot read file " + file + ": " + e.getMessage());
            }
        }
    }

    private static Pending await(Future<Pending> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("decode task failed unexpectedly", e.getCause());
        }
    }

    private static Row withFaces(Row row, ImageOutcome outcome) {
        Object[] values = new Object[row.length() + 2];
        for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
        }
        boolean failed = outcome.status() == ImageOutcome.Status.FAILED;
        values[row.length()] = failed ? null : FaceStruct.rows(outcome.faces());
        values[row.length() + 1] = failed ? outcome.reason() : null;
        return RowFactory.create(values);
    }

    private record Pending(Row row, LoadedImage image) {
    }
}
