package io.faceembed.sinks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes one partition of results on an executor, one transaction per batch. A batch holds at least
 * {@code batchSize} rows and ends only at an image boundary, so all rows of an image commit together (the rows of
 * one image must be adjacent in the partition, as the embedding step emits them).
 *
 * <p>Fast path, for the usual batch of new results: binary COPY straight into the table. When that meets a stored
 * key (unique violation: a retried task, a concurrent writer), when the batch holds {@code failed} rows, or when
 * the table holds failed rows that a result may replace, the batch takes the staged path instead: COPY into a
 * session-local staging table, then in the same transaction delete stored {@code failed} rows of images that now
 * have a result, and {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING}, dropping a new {@code failed} row of an
 * image that already has rows.
 *
 * <p>A lost connection or a server shutting down rolls the batch back; it is retried on a new connection with
 * exponential backoff up to the retry budget, which is safe because the transaction is idempotent.
 */
final class JdbcPartitionWriter implements ForeachPartitionFunction<Row> {

    private static final long serialVersionUID = 1L;
    private static final String STAGE = "faceembed_stage";
    private static final String UNIQUE_VIOLATION = "23505";

    private final JdbcConnector connector;
    private final JdbcCopyRows format;
    private final LongAccumulator written;
    private final boolean tableHasFailedRows;

    /** @param tableHasFailedRows whether the table held {@code failed} rows when the write began */
    JdbcPartitionWriter(JdbcConnector connector, JdbcCopyRows format, LongAccumulator written,
                        boolean tableHasFailedRows) {
        this.connector = connector;
        this.format = format;
        this.written = written;
        this.tableHasFailedRows = tableHasFailedRows;
    }

    @Override
    public void call(Iterator<Row> rows) throws Exception {
        int batchSize = connector.settings().batchSize();
        try (Batches batches = new Batches()) {
            JdbcCopyRows.Batch batch = format.new Batch();
            Row previous = null;
            while (rows.hasNext()) {
                Row row = rows.next();
                if (batch.rows() >= batchSize && !format.sameImage(previous, row)) {
                    written.add(batches.commit(batch.finish(), tableHasFailedRows || batch.hasFailedRows()));
                    batch.reset();
                    failFirstAttemptIfAsked();
                }
                batch.append(row);
                previous = row;
            }
            if (batch.rows() > 0) {
                written.add(batches.commit(batch.finish(), tableHasFailedRows || batch.hasFailedRows()));
                failFirstAttemptIfAsked();
            }
        }
    }

    /**
     * Test hook for the fault tests: with system property {@code faceembed.test.failFirstAttempt} holding
     * {@code write}, the first attempt of every even partition throws after its first committed batch (the retry writes
     * those rows again).
     */
    private static void failFirstAttemptIfAsked() {
        org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
        String stages = System.getProperty("faceembed.test.failFirstAttempt", "");
        if (task != null && task.attemptNumber() == 0 && task.partitionId() % 2 == 0
                && java.util.Arrays.asList(stages.split(",")).contains("write")) {
            throw new IllegalStateException("injected fault: first attempt of write partition "
                    + task.partitionId() + " fails after a committed batch");
        }
    }

    /** The partition's connection, reopened after a failure; commits batches with retries. */
    private final class Batches implements AutoCloseable {

        private Connection connection;
        private boolean hasStage;

        long commit(byte[] copyData, boolean staged) {
            return connector.retrying("writing to", () -> {
                try {
                    return staged ? stagedTransaction(copyData) : directTransaction(copyData);
                } catch (SQLException | IOException e) {
                    closeQuietly(); // the next try reconnects
                    throw e;
                }
            });
        }

        /** COPY into the table; a stored key among the rows sends the batch through the staged path. */
        private long directTransaction(byte[] copyData) throws SQLException, IOException {
            Connection c = connection();
            try {
                long copied = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY "
                        + connector.settings().qualifiedTable() + " (" + format.columnList()
                        + ") FROM STDIN WITH (FORMAT binary)", new ByteArrayInputStream(copyData));
                c.commit();
                return copied;
            } catch (SQLException e) {
                rollbackQuietly(c);
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return stagedTransaction(copyData);
                }
                throw e;
            } catch (IOException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }

        private long stagedTransaction(byte[] copyData) throws SQLException, IOException {
            Connection c = stagingConnection();
            String table = connector.settings().qualifiedTable();
            String cols = format.columnList();
            try {
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                copy.copyIn("COPY " + STAGE + " (" + cols + ") FROM STDIN WITH (FORMAT binary)",
                        new ByteArrayInputStream(copyData));
                long inserted;
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM " + table + " t USING (SELECT DISTINCT signature, path, size, mtime"
                            + " FROM " + STAGE + " WHERE status <> 'failed') s WHERE t.status = 'failed'"
                            + " AND t.signature = s.signature AND t.path = s.path AND t.size = s.size"
                            + " AND t.mtime = s.mtime");
                    inserted = s.executeUpdate("INSERT INTO " + table + " (" + cols + ") SELECT " + cols
                            + " FROM " + STAGE + " s WHERE s.status <> 'failed' OR NOT EXISTS (SELECT 1 FROM "
                            + table + " t WHERE t.signature = s.signature AND t.path = s.path AND t.size = s.size"
                            + " AND t.mtime = s.mtime) ON CONFLICT (" + String.join(", ", JdbcTableSetup.KEY)
                            + ") DO NOTHING");
                }
                c.commit();
                return inserted;
            } catch (SQLException | IOException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }

        private Connection connection() throws SQLException {
            if (connection == null) {
                connection = connector.open();
                hasStage = false;
            }
            return connection;
        }

        /** The connection with its session-local staging table, made on the first staged batch. */
        private Connection stagingConnection() throws SQLException {
            Connection c = connection();
            if (!hasStage) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TEMP TABLE IF NOT EXISTS " + STAGE + " (LIKE "
                            + connector.settings().qualifiedTable() + ") ON COMMIT DELETE ROWS");
                    c.commit();
                } catch (SQLException e) {
                    rollbackQuietly(c);
                    throw e;
                }
                hasStage = true;
            }
            return c;
        }

        private void rollbackQuietly(Connection c) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // The connection is closed next; the server rolls back what it had.
            }
        }

        private void closeQuietly() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // Already broken: that is why it is being closed.
                }
                connection = null;
            }
        }

        @Override
        public void close() {
            closeQuietly();
        }
    }
}
