package io.faceembed.sinks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Results in a PostgreSQL table (see {@link JdbcSettings} for the {@code --store} URL). Embeddings are pgvector
 * {@code vector(n)} columns with an HNSW cosine index when the database has the {@code vector} extension, else
 * {@code real[]}. Writes are idempotent through the unique key (signature, path, size, mtime, face_index).
 */
public final class JdbcSink implements ResultSink {

    private final SparkSession spark;
    private final JdbcConnector connector;
    private final int embeddingDimension;
    private JdbcEmbeddingColumn embeddingColumn;
    private int keyPartitions;

    /**
     * @param embeddingDimension length of the model's embeddings: the n of {@code vector(n)} for a new pgvector table
     */
    public JdbcSink(SparkSession spark, JdbcSettings settings, JdbcPassword password, int embeddingDimension) {
        this(spark, new JdbcConnector(settings, password), embeddingDimension);
    }

    private JdbcSink(SparkSession spark, JdbcConnector connector, int embeddingDimension) {
        this.spark = spark;
        this.connector = connector;
        this.embeddingDimension = embeddingDimension;
        this.keyPartitions = Math.max(1, spark.sparkContext().defaultParallelism());
    }

    /** The sink for {@code --store}, taking the password from the process environment or ~/.pgpass. */
    public static JdbcSink open(SparkSession spark, String storeUrl, Path storeProperties, int batchSize,
                                int embeddingDimension) {
        return new JdbcSink(spark, JdbcConnector.forStore(storeUrl, storeProperties, batchSize), embeddingDimension);
    }

    /** How many parallel queries read the stored keys (default: Spark's default parallelism). */
    public JdbcSink keyPartitions(int partitions) {
        this.keyPartitions = Math.max(1, partitions);
        return this;
    }

    @Override
    public void prepare() {
        JdbcSettings s = connector.settings();
        try (Connection c = connector.open()) {
            embeddingColumn = new JdbcTableSetup(s, embeddingDimension).prepare(c);
        } catch (SQLException e) {
            throw new JdbcStoreException(connector.describeFailure("cannot use", e), e);
        }
    }

    /** Drops the table if it exists (the bench starts each run from an empty table). */
    public void dropTable() {
        try (Connection c = connector.open(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + connector.settings().qualifiedTable());
            c.commit();
        } catch (SQLException e) {
            throw new JdbcStoreException(connector.describeFailure("cannot drop the table of", e), e);
        }
    }

    @Override
    public Dataset<Row> storedKeys(String signature, boolean retryFailed) {
        if (!holdsRowsOf(signature)) {
            // A first run (or a new model) plans without a Spark job reading the table
            return spark.createDataFrame(List.of(), ResultSchema.STORED_KEY);
        }
        String keys = "SELECT path, size, mtime FROM " + connector.settings().qualifiedTable()
                + " WHERE signature = " + sqlLiteral(signature) + " GROUP BY path, size, mtime"
                + (retryFailed ? " HAVING bool_or(status <> 'failed')" : "");
        String[] predicates = new String[keyPartitions];
        for (int i = 0; i < keyPartitions; i++) {
            // Masked to non-negative: abs() of hashtext's minimum would overflow.
            predicates[i] = "(hashtext(path) & 2147483647) % " + keyPartitions + " = " + i;
        }
        Properties props = connector.connectionProperties();
        props.setProperty("driver", "org.postgresql.Driver");
        props.setProperty("fetchsize", "10000");
        return spark.read().jdbc(connector.settings().driverUrl(), "(" + keys + ") stored_keys", predicates, props);
    }

    /**
     * {@code value} as a PostgreSQL string literal. E'' syntax with backslashes and quotes doubled reads the same
     * whatever standard_conforming_strings says; control characters are refused outright.
     */
    static String sqlLiteral(String value) {
        if (value == null || value.isEmpty() || value.length() > 1000) {
            throw new IllegalArgumentException("pipeline signature must be 1 to 1000 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("pipeline signature contains a control character");
            }
        }
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    @Override
    public long write(Dataset<Row> results) {
        if (embeddingColumn == null) {
            prepare();
        }
        LongAccumulator written = spark.sparkContext().longAccumulator("faceembed.jdbc.rowsWritten");
        JdbcPartitionWriter writer = new JdbcPartitionWriter(connector,
                new JdbcCopyRows(results.schema(), embeddingColumn), written, tableHasFailedRows());
        try {
            results.foreachPartition(writer);
        } catch (Exception e) { // Spark's job failure is a checked SparkException, thrown undeclared
            JdbcStoreException storeError = findStoreError(e);
            if (storeError != null) {
                throw new JdbcStoreException(storeError.getMessage(), e);
            }
            throw JdbcSink.<RuntimeException>rethrow(e);
        }
        return written.value();
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E rethrow(Exception e) throws E {
        throw (E) e;
    }

    /**
     * Whether any stored row has status failed: a result may then replace it (answered by the partial index).
     * Asked before each wave, so a lost connection is retried with backoff within the retry budget, as the
     * executors' writes are: a short store outage between waves must not fail the job.
     */
    private boolean tableHasFailedRows() {
        String query = "SELECT EXISTS (SELECT 1 FROM " + connector.settings().qualifiedTable()
                + " WHERE status = 'failed')";
        return connector.retrying("reading", () -> {
            try (Connection c = connector.open(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(query)) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    /** Whether any row carries {@code signature}: one lookup in the unique key faceembed creates (it starts with it). */
    private boolean holdsRowsOf(String signature) {
        String query = "SELECT EXISTS (SELECT 1 FROM " + connector.settings().qualifiedTable() + " WHERE signature = "
                + sqlLiteral(signature) + ")";
        return connector.retrying("reading", () -> {
            try (Connection c = connector.open(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(query)) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    /** The executor's user-facing error inside Spark's job failure, if that is what failed it. */
    private static JdbcStoreException findStoreError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JdbcStoreException store) {
                return store;
            }
        }
        return null;
    }

    @Override
    public String describe() {
        return connector.settings().describe();
    }

    /** Whether the table stores embeddings as pgvector {@code vector(n)}; known after {@link #prepare()}. */
    public boolean usesVectorColumn() {
        return embeddingColumn == JdbcEmbeddingColumn.VECTOR;
    }

    @Override
    public void close() {
        // Connections are per partition and per prepare(); nothing is held between calls.
    }
}
