package io.faceembed.sinks;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where results live. Implementations (Delta, PostgreSQL over JDBC) are idempotent by construction: writing the
 * same rows twice, from a retried task, a retried wave or a re-run, leaves exactly one set of rows per
 * (image key, signature).
 */
public interface ResultSink extends AutoCloseable {

    /** Creates the table (and index) if missing and checks it is usable; throws a one-line user error if not. */
    void prepare();

    /**
     * Keys already stored for {@code signature}: columns {@link ResultSchema#PATH}, {@link ResultSchema#SIZE},
     * {@link ResultSchema#MTIME}, one row per image. Images whose stored status is {@code failed} are left out
     * when {@code retryFailed} is set, so that they are planned again.
     */
    Dataset<Row> storedKeys(String signature, boolean retryFailed);

    /**
     * Writes result rows ({@link ResultSchema#SCHEMA}); all rows of one image are written together or not at all.
     * A {@code failed} row stored earlier for an image that now has a result is replaced.
     *
     * @return rows actually written (rows already present are not counted)
     */
    long write(Dataset<Row> results);

    /**
     * Human-readable description without secrets, e.g. {@code delta:/data/faces} or
     * {@code jdbc:postgresql://h/db table=x}.
     */
    String describe();

    @Override
    void close();
}
