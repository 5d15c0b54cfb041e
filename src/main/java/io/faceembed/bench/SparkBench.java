package io.faceembed.bench;

import io.faceembed.listing.ImageLister;
import io.faceembed.listing.ImageListing;
import io.faceembed.planning.WorkPlanner;
import io.faceembed.sinks.DeltaSink;
import io.faceembed.sinks.JdbcSink;
import io.faceembed.sinks.ResultSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/** The stages that run on Spark: listing, planning against a large store, and the two sinks. */
public final class SparkBench {

    static final String SIGNATURE = "bench-signature";

    private final SparkSession spark;
    private final int partitions;

    public SparkBench(SparkSession spark) {
        this.spark = spark;
        this.partitions = Math.max(1, spark.sparkContext().defaultParallelism());
    }

    /** Identity folders listed per second by the job's lister. */
    public Rate listing(Path tree) {
        ImageLister lister = new ImageLister(spark.sparkContext().hadoopConfiguration());
        lister.list(tree.toString(), false, 1); // warm the JIT and the OS's directory cache alike for every run
        Stopwatch w = Stopwatch.start();
        ImageListing listing = lister.list(tree.toString(), false, 1);
        return w.stop(listing.stats().folders());
    }

    /**
     * Seconds to plan {@code rows} listed images against a Delta store that holds {@code rows} keys: the job's
     * left-anti-join, counted. The listing overlaps the store but for 1% new images. The store is made once under
     * {@code store} (marked done by a file beside it) and reused.
     */
    public Rate planning(Path store, long rows) {
        ensureKeyStore(store, rows);
        ResultSink sink = new DeltaSink(spark, store.toString());
        long fresh = rows / 100;
        Dataset<Row> listing = SyntheticRows.listing(spark, fresh, rows, partitions)
                .persist(StorageLevel.MEMORY_ONLY());
        listing.count(); // the listing arrives on the driver already made; only the join is timed
        Stopwatch w = Stopwatch.start();
        long todo = WorkPlanner.planWork(listing, sink.storedKeys(SIGNATURE, false)).count();
        Rate rate = w.stop(rows);
        listing.unpersist();
        if (todo != fresh) {
            throw new IllegalStateException("planning found " + todo + " new images, expected " + fresh);
        }
        return rate;
    }

    private void ensureKeyStore(Path store, long rows) {
        Path done = store.resolveSibling(store.getFileName() + ".done");
        if (Files.isRegularFile(done)) {
            return;
        }
        deleteTree(store);
        DeltaSink sink = new DeltaSink(spark, store.toString());
        sink.prepare();
        SyntheticRows.keyTable(spark, SIGNATURE, rows, partitions).write().format("delta").mode("append")
                .save(store.toAbsolutePath().toString());
        try {
            Files.writeString(done, rows + " keys\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows per second that {@code sink} writes into a fresh table, the rows made in memory beforehand. */
    public Rate sink(ResultSink sink, long rows) {
        Dataset<Row> results = SyntheticRows.generate(spark, SIGNATURE, rows, partitions)
                .persist(StorageLevel.MEMORY_ONLY());
        results.count();
        sink.prepare();
        Stopwatch w = Stopwatch.start();
        long written = sink.write(results);
        Rate rate = w.stop(written);
        results.unpersist();
        return rate;
    }

    public Rate delta(Path table, long rows) {
        deleteTree(table);
        return sink(new DeltaSink(spark, table.toString()), rows);
    }

    /** @param properties a file holding {@code password=...}, or {@code null} for PGPASSWORD / ~/.pgpass */
    public Rate jdbc(String url, Path properties, long rows) {
        try (JdbcSink sink = JdbcSink.open(spark, url, properties, 1000, SyntheticRows.DIM)) {
            sink.dropTable(); // rows left by an earlier run would all be skipped as present
            return sink(sink, rows);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
