package io.faceembed.sinks;

import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;

/**
 * Writes one partition of results on an executor. Rows go by COPY into a session-local staging table, then one
 * {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING} moves them into the table, all in one transaction per batch.
 * A batch holds at least {@code batchSize} rows and ends only at an image boundary, so all rows of an image commit
 * together (the rows of one image must be adjacent in the partition, as the embedding step emits them).
 *
 * <p>In the same transaction, a stored {@code failed} row of an image that now has a result is deleted, and a new
 * {@code failed} row is dropped for an image that already has rows. A lost connection or a server shutting down
 * rolls the batch back; it is retried on a new connection with exponential backoff up to the retry budget, which
 * is safe because the transaction is idempotent.
 */
final class JdbcPartitionWriter implements ForeachPartitionFunction<Row> {

    private static final long serialVersionUID = 1L;
    private static final String STAGE = "faceembed_stage";
    private static final long FIRST_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final JdbcConnector connector;
    private final JdbcCopyRows format;
    private final LongAccumulator written;

    JdbcPartitionWriter(JdbcConnector connector, JdbcCopyRows format, LongAccumulator written) {
        this.connector = connector;
        this.format = format;
        this.written = written;
    }

    @Override
    public void call(Iterator<Row> rows) throws Exception {
        int batchSize = connector.settings().batchSize();
        try (Batches batches = new Batches()) {
            StringBuilder batch = new StringBuilder();
            int count = 0;
            Row previous = null;
            while (rows.hasNext()) {
                Row row = rows.next();
                if (count >= batchSize && !format.sameImage(previous, row)) {
                    written.add(batches.commit(batch));
                    batch.setLength(0);
                    count = 0;
                }
                format.append(row, batch);
                count++;
                previous = row;
            }
            if (count > 0) {
                written.add(batches.commit(batch));
            }
        }
    }

    /** The partition's connection, reopened after a failure; commits batches with retries. */
    private final class Batches implements AutoCloseable {

        private Connection connection;

        long commit(StringBuilder batch) {
            byte[] copyText = batch.toString().getBytes(StandardCharsets.UTF_8);
            long budgetMs = connector.settings().retryBudget().toMillis();
            long deadline = System.currentTimeMillis() + budgetMs;
            long backoff = FIRST_BACKOFF_MS;
            int attempt = 0;
            while (true) {
                attempt++;
                try {
                    return transaction(copyText);
                } catch (SQLException | IOException e) {
                    closeQuietly();
                    boolean retry = e instanceof IOException || JdbcConnector.isTransient((SQLException) e);
                    if (!retry) {
                        throw new JdbcStoreException(connector.describeFailure("writing to", e), e);
                    }
                    if (System.currentTimeMillis() + backoff > deadline) {
                        throw new JdbcStoreException(connector.describeFailure("gave up after " + attempt
                                + " attempts in " + budgetMs / 1000 + " s writing to", e), e);
                    }
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
                }
            }
        }

        private long transaction(byte[] copyText) throws SQLException, IOException {
            Connection c = connection();
            String table = connector.settings().qualifiedTable();
            String cols = format.columnList();
            try {
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                copy.copyIn("COPY " + STAGE + " (" + cols + ") FROM STDIN", new ByteArrayInputStream(copyText));
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
                Connection c = connector.open();
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TEMP TABLE IF NOT EXISTS " + STAGE + " (LIKE "
                            + connector.settings().qualifiedTable() + ") ON COMMIT DELETE ROWS");
                    c.commit();
                } catch (SQLException e) {
                    c.close();
                    throw e;
                }
                connection = c;
            }
            return connection;
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

        private void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JdbcStoreException("interrupted while waiting to retry writing to PostgreSQL store "
                        + connector.settings().describe(), e);
            }
        }

        @Override
        public void close() {
            closeQuietly();
        }
    }
}
