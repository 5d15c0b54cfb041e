package io.faceembed.sinks;

import io.faceembed.config.StoreSpec;
import org.apache.spark.sql.SparkSession;

/** Opens the sink that {@code --store} names. */
public final class Sinks {

    private Sinks() {
    }

    /**
     * @param table              table name for a PostgreSQL store (a Delta store's path is the table)
     * @param dbBatchSize        rows per JDBC batch
     * @param embeddingDimension the model's embedding length (a new PostgreSQL table's vector size)
     */
    public static ResultSink open(SparkSession spark, StoreSpec store, String table, int dbBatchSize,
                                  int embeddingDimension) {
        return switch (store.kind()) {
            case DELTA -> new DeltaSink(spark, store.location());
            // Wired at merge with the jdbc branch:
            // JdbcSink.open(spark, withTable(store.location(), table), null, dbBatchSize, embeddingDimension)
            case JDBC -> throw new SinkException("the PostgreSQL store is not in this build yet; use --store delta:<path>");
        };
    }

    /** The JDBC URL with {@code table=} added when the URL does not name one. */
    public static String withTable(String jdbcUrl, String table) {
        if (jdbcUrl.matches("(?i).*[?&]table=.*")) {
            return jdbcUrl;
        }
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "table=" + table;
    }
}
