package io.faceembed.sinks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * Results in a Delta table at a path (the default store). Each {@link #write} is one MERGE, one commit: a crash
 * keeps every finished wave, and writing rows that are already there (a retried wave, a re-run) inserts nothing.
 *
 * <p>The merge matches on the unique key (signature, path, size, mtime, face_index) and inserts what is missing.
 * An image stored as {@code failed} that now has a result loses its failed row in the same commit: a
 * {@code no_face} or {@code failed} result replaces it in place (same key, face_index -1); for an image with faces
 * a marker row in the source deletes it. The merge condition also bounds the target by signature and by the
 * wave's path range, so Delta skips, by file statistics, the files of other waves instead of scanning the table.
 * While the table holds no failed row of the wave's signature (asked once per signature), there is nothing to
 * replace and the MERGE has only its insert clause, which Delta runs as an anti-join and an append. A table this
 * sink created is not read back for either question: it holds no key before the sink's first write and no failed
 * row but those the sink wrote. Another job writing the new table at the same moment still never doubles a row
 * (the MERGE inserts only what is missing); at worst a failed row of its own stays beside this job's result.
 */
public final class DeltaSink implements ResultSink {

    private static final String OP = "_faceembed_op";
    private static final String OP_ROW = "row";
    private static final String OP_CLEAR_FAILED = "clear_failed";
    private static final List<String> KEY = ResultSchema.KEY;
    private static final String FAILED = "failed";
    private static final String OK = "ok";

    private final SparkSession spark;
    private final String path;
    private final Map<String, Boolean> failedRowsBySignature = new java.util.concurrent.ConcurrentHashMap<>();
    /** This sink created the table: it knows every failed row in it, and, before its first write, that it is empty. */
    private volatile boolean createdHere;
    private volatile boolean written;

    public DeltaSink(SparkSession spark, String path) {
        this.spark = spark;
        this.path = qualified(path);
    }

    /** Delta's table builder rejects relative locations such as ./store: a plain local path becomes a file: URI. */
    static String qualified(String path) {
        if (path.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            return path;
        }
        return new org.apache.hadoop.fs.Path(java.nio.file.Path.of(path).toAbsolutePath().normalize().toString())
                .makeQualified(java.net.URI.create("file:///"), null).toString();
    }

    @Override
    public void prepare() {
        if (DeltaTable.isDeltaTable(spark, path)) {
            checkColumns();
            return;
        }
        try {
            // create, not createIfNotExists: a table another job made a moment ago must fail here, so that only
            // the job that made it takes it for empty
            DeltaTable.create(spark)
                    .location(path)
                    .addColumns(ResultSchema.SCHEMA)
                    .comment("faceembed: one row per face; face_index -1 for images with no face or failed")
                    .execute();
            createdHere = true;
        } catch (Exception e) { // Delta's AnalysisException is checked, thrown undeclared
            if (createdByAnotherJob()) {
                checkColumns();
                return;
            }
            throw new SinkException("cannot create the Delta table at " + path + ": " + firstLine(e)
                    + "; check the path is writable and is empty or a Delta table", e);
        }
    }

    /**
     * Whether another job created the table at the same moment (Delta then refuses ours with
     * ProtocolChangedException, or sees its half-written log as a non-empty location): waits a few seconds for
     * that job's first commit.
     */
    private boolean createdByAnotherJob() {
        for (int i = 0; i < 20; i++) {
            if (DeltaTable.isDeltaTable(spark, path)) {
                return true;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private void checkColumns() {
        List<String> have = List.of(spark.read().format("delta").load(path).schema().fieldNames());
        for (StructField f : ResultSchema.SCHEMA.fields()) {
            if (!have.contains(f.name())) {
                throw new SinkException("the Delta table at " + path + " has no column '" + f.name()
                        + "': it is not a faceembed results table; choose another --store path");
            }
        }
    }

    @Override
    public Dataset<Row> storedKeys(String signature, boolean retryFailed) {
        if (createdHere && !written) {
            // A first run plans without reading the new table back (reading it costs ~1 s of Delta log replay)
            return spark.createDataFrame(List.of(), ResultSchema.STORED_KEY);
        }
        Dataset<Row> rows = spark.read().format("delta").load(path)
                .where(col(ResultSchema.SIGNATURE).equalTo(lit(signature)));
        if (retryFailed) {
            rows = rows.where(col(ResultSchema.STATUS).notEqual(lit(FAILED)));
        }
        return rows.select(ResultSchema.PATH, ResultSchema.SIZE, ResultSchema.MTIME).distinct();
    }

    @Override
    public long write(Dataset<Row> results) {
        Row bounds = results.agg(min(ResultSchema.PATH), max(ResultSchema.PATH), min(ResultSchema.SIGNATURE),
                max(ResultSchema.SIGNATURE), count(when(col(ResultSchema.STATUS).equalTo(lit(FAILED)), lit(1))))
                .first();
        if (bounds.isNullAt(0)) {
            return 0;
        }
        written = true;
        String signature = bounds.getString(2);
        boolean oneSignature = signature.equals(bounds.getString(3));
        boolean insertOnly = oneSignature && !holdsFailedRows(signature);
        Dataset<Row> source = insertOnly
                ? results.select(columns()).dropDuplicates(KEY.toArray(String[]::new))
                : mergeSource(results);
        Column matches = null;
        for (String k : KEY) {
            Column eq = col("t." + k).equalTo(col("s." + k));
            matches = matches == null ? eq : matches.and(eq);
        }
        Column prune = col("t." + ResultSchema.PATH).geq(lit(bounds.getString(0)))
                .and(col("t." + ResultSchema.PATH).leq(lit(bounds.getString(1))));
        if (oneSignature) {
            prune = prune.and(col("t." + ResultSchema.SIGNATURE).equalTo(lit(signature)));
        }
        Map<String, Column> values = new LinkedHashMap<>();
        for (String name : ResultSchema.SCHEMA.fieldNames()) {
            values.put(name, col("s." + name));
        }
        Row metrics = mergeRetryingConflicts(source, matches.and(prune), values, insertOnly);
        if (bounds.getLong(4) > 0) {
            failedRowsBySignature.put(signature, true); // a later result for these images must replace them
        }
        return metrics.getLong(metrics.fieldIndex("num_inserted_rows"))
                + metrics.getLong(metrics.fieldIndex("num_updated_rows"));
    }

    /** Attempts at one wave's MERGE when a concurrent writer (another job on this table) commits first. */
    private static final int MERGE_ATTEMPTS = 5;

    /**
     * The wave's MERGE, run again when Delta refuses its commit because another writer changed the files it read
     * (ConcurrentAppendException and kin). Safe: the MERGE inserts only keys not stored, so the second attempt
     * skips what the other writer stored.
     */
    private Row mergeRetryingConflicts(Dataset<Row> source, Column condition, Map<String, Column> values,
                                       boolean insertOnly) {
        for (int attempt = 1; ; attempt++) {
            try {
                return insertOnly ? insertMissing(source, condition, values) : merge(source, condition, values);
            } catch (java.util.ConcurrentModificationException e) {
                if (attempt == MERGE_ATTEMPTS) {
                    throw new SinkException("the Delta table at " + path + " kept changing under this job ("
                            + MERGE_ATTEMPTS + " attempts): another job is writing it; run again when it is done",
                            e);
                }
                try {
                    Thread.sleep(200L * attempt + (long) (Math.random() * 500));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new SinkException("interrupted while retrying a write to the Delta table at " + path, ie);
                }
            }
        }
    }

    /**
     * Whether the table holds {@code failed} rows of {@code signature}; asked once per signature and remembered. A
     * table without any needs no failed-row replacement: the wave's MERGE is then insert-only, which Delta runs as
     * one anti-join and an append instead of a join that rewrites files (measured: see DeltaWaveReport).
     */
    private boolean holdsFailedRows(String signature) {
        if (createdHere) {
            return failedRowsBySignature.getOrDefault(signature, false);
        }
        return failedRowsBySignature.computeIfAbsent(signature, sig -> !spark.read().format("delta").load(path)
                .where(col(ResultSchema.SIGNATURE).equalTo(lit(sig)).and(col(ResultSchema.STATUS).equalTo(lit(FAILED))))
                .limit(1).isEmpty());
    }

    private Row insertMissing(Dataset<Row> source, Column condition, Map<String, Column> values) {
        return DeltaTable.forPath(spark, path).as("t")
                .merge(source.as("s"), condition)
                .whenNotMatched()
                .insert(values)
                .execute()
                .first();
    }

    private Row merge(Dataset<Row> source, Column condition, Map<String, Column> values) {
        return DeltaTable.forPath(spark, path).as("t")
                .merge(source.as("s"), condition)
                .whenMatched(col("s." + OP).equalTo(lit(OP_CLEAR_FAILED))
                        .and(col("t." + ResultSchema.STATUS).equalTo(lit(FAILED))))
                .delete()
                .whenMatched(col("s." + OP).equalTo(lit(OP_ROW))
                        .and(col("t." + ResultSchema.STATUS).equalTo(lit(FAILED)))
                        .and(col("s." + ResultSchema.STATUS).notEqual(lit(FAILED))))
                .update(values)
                .whenNotMatched(col("s." + OP).equalTo(lit(OP_ROW)))
                .insert(values)
                .execute()
                .first();
    }

    /** The results (one row per key) plus, for each image with faces, a marker that clears an old failed row. */
    static Dataset<Row> mergeSource(Dataset<Row> results) {
        Dataset<Row> rows = results.select(columns())
                .dropDuplicates(KEY.toArray(String[]::new))
                .withColumn(OP, lit(OP_ROW));
        Dataset<Row> markers = results.where(col(ResultSchema.STATUS).equalTo(lit(OK)))
                .select(ResultSchema.SIGNATURE, ResultSchema.PATH, ResultSchema.SIZE, ResultSchema.MTIME)
                .distinct()
                .withColumn(ResultSchema.FACE_INDEX, lit(ResultSchema.NO_FACE_INDEX))
                .withColumn(OP, lit(OP_CLEAR_FAILED));
        return rows.unionByName(markers, true);
    }

    private static Column[] columns() {
        String[] names = ResultSchema.SCHEMA.fieldNames();
        Column[] cols = new Column[names.length];
        for (int i = 0; i < names.length; i++) {
            cols[i] = col(names[i]);
        }
        return cols;
    }

    @Override
    public String describe() {
        return "delta:" + path;
    }

    @Override
    public void close() {
        // nothing held: the SparkSession belongs to the caller
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
