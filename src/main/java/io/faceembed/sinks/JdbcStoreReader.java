package io.faceembed.sinks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The read side of a PostgreSQL result table, for the commands that use stored embeddings (audit, search). Reads
 * the embedding as {@code real[]} whatever its column type, and answers nearest-neighbour queries with pgvector's
 * cosine distance operator (and so its HNSW index) when the column is {@code vector}.
 */
public final class JdbcStoreReader {

    private final JdbcConnector connector;

    private JdbcStoreReader(JdbcConnector connector) {
        this.connector = connector;
    }

    /**
     * {@code table} (may be null) is used when the URL names none; {@code storeProperties} (may be null) is a
     * properties file with the password, else the environment or ~/.pgpass supplies it ({@link JdbcPassword}).
     */
    public static JdbcStoreReader open(String storeUrl, String table, Path storeProperties) {
        String url = table == null ? storeUrl : Sinks.withTable(storeUrl, table);
        return new JdbcStoreReader(JdbcConnector.forStore(url, storeProperties, 1000));
    }

    public String describe() {
        return connector.settings().describe();
    }

    /** The table's face rows with the embedding as {@code array<float>}. */
    public Dataset<Row> read(SparkSession spark) {
        String query = "SELECT path, folder, face_index, status, box_x1, box_y1, box_x2, box_y2, score, "
                + "embedding::real[] AS embedding, dim, model, detector, signature FROM "
                + connector.settings().qualifiedTable() + " WHERE status = 'ok'";
        Properties props = connector.connectionProperties();
        props.setProperty("driver", "org.postgresql.Driver");
        props.setProperty("fetchsize", "10000");
        return spark.read().jdbc(connector.settings().driverUrl(), "(" + query + ") faces", props);
    }

    /** Whether the embedding column is pgvector's {@code vector}. */
    public boolean usesVectorColumn() {
        String sql = "SELECT t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                + "WHERE a.attrelid = to_regclass(?) AND a.attname = 'embedding'";
        try (Connection c = connector.open(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, connector.settings().qualifiedTable());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1).equals("vector");
            }
        } catch (SQLException e) {
            throw new JdbcStoreException(connector.describeFailure("cannot read", e), e);
        }
    }

    /** One face row found by {@link #nearest}. */
    public record Neighbour(String path, String folder, int faceIndex, double similarity) {
    }

    /**
     * The {@code k} faces of {@code signature} nearest {@code query} by pgvector's {@code <=>} (cosine distance),
     * which its HNSW index answers approximately. Needs a {@code vector} column.
     */
    public List<Neighbour> nearest(float[] query, String signature, int k) {
        String sql = "SELECT path, folder, face_index, 1 - (embedding <=> ?::vector) AS similarity FROM "
                + connector.settings().qualifiedTable() + " WHERE status = 'ok' AND signature = ? "
                + "ORDER BY embedding <=> ?::vector LIMIT ?";
        String literal = vectorLiteral(query);
        try (Connection c = connector.open(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, literal);
            ps.setString(2, signature);
            ps.setString(3, literal);
            ps.setInt(4, k);
            List<Neighbour> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Neighbour(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getDouble(4)));
                }
            }
            c.commit();
            return out;
        } catch (SQLException e) {
            throw new JdbcStoreException(connector.describeFailure("cannot search", e), e);
        }
    }

    static String vectorLiteral(float[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(v[i]);
        }
        return sb.append(']').toString();
    }
}
