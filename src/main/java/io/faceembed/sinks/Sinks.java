package io.faceembed.sinks;

import io.faceembed.config.StoreSpec;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** Opens the sink that {@code --store} names. */
public final class Sinks {

    private Sinks() {
    }

    /**
     * @param table              table name for a PostgreSQL store (a Delta store's path is the table)
     * @param dbBatchSize        rows per JDBC batch
     * @param embeddingDimension the model's embedding length (a new PostgreSQL table's vector size)
     * @param storeProperties    {@code --store-properties} (may be null): where a PostgreSQL password may come from
     */
    public static ResultSink open(SparkSession spark, StoreSpec store, String table, int dbBatchSize,
                                  int embeddingDimension, Path storeProperties) {
        return switch (store.kind()) {
            case DELTA -> new DeltaSink(spark, store.location());
            case JDBC -> JdbcSink.open(spark, withTable(store.location(), table), storeProperties, dbBatchSize,
                    embeddingDimension);
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
