package io.faceembed.sinks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates the results table when missing and checks that an existing one can take our rows: the columns of
 * {@link ResultSchema}, the unique key that makes writes idempotent, and the privileges to write.
 */
final class JdbcTableSetup {

    static final List<String> KEY = ResultSchema.KEY;
    private static final Pattern VECTOR_TYPE = Pattern.compile("vector(?:\\((\\d+)\\))?");

    private final JdbcSettings settings;
    private final int embeddingDimension;

    JdbcTableSetup(JdbcSettings settings, int embeddingDimension) {
        this.settings = settings;
        this.embeddingDimension = embeddingDimension;
    }

    /** Column name -> SQL type, in {@link ResultSchema#SCHEMA} order; the embedding's type depends on pgvector. */
    static Map<String, String> columnTypes(JdbcEmbeddingColumn embedding, int dimension) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(ResultSchema.PATH, "text");
        c.put(ResultSchema.FOLDER, "text");
        c.put(ResultSchema.SIZE, "bigint");
        c.put(ResultSchema.MTIME, "bigint");
        c.put(ResultSchema.FACE_INDEX, "integer");
        c.put(ResultSchema.STATUS, "text");
        c.put(ResultSchema.REASON, "text");
        c.put(ResultSchema.BOX_X1, "real");
        c.put(ResultSchema.BOX_Y1, "real");
        c.put(ResultSchema.BOX_X2, "real");
        c.put(ResultSchema.BOX_Y2, "real");
        c.put(ResultSchema.SCORE, "real");
        c.put(ResultSchema.LANDMARKS, "real[]");
        c.put(ResultSchema.EMBEDDING, embedding == JdbcEmbeddingColumn.VECTOR ? "vector(" + dimension + ")" : "real[]");
        c.put(ResultSchema.DIM, "integer");
        c.put(ResultSchema.MODEL, "text");
        c.put(ResultSchema.DETECTOR, "text");
        c.put(ResultSchema.SIGNATURE, "text");
        c.put(ResultSchema.WRITTEN_AT, "timestamp with time zone");
        return c;
    }

    private static final Set<String> NULLABLE = Set.of(ResultSchema.REASON, ResultSchema.BOX_X1, ResultSchema.BOX_Y1,
            ResultSchema.BOX_X2, ResultSchema.BOX_Y2, ResultSchema.SCORE, ResultSchema.LANDMARKS,
            ResultSchema.EMBEDDING);

    /**
     * Creates or checks the table; returns how it stores embeddings. Jobs starting together on one store take turns
     * (a session advisory lock on the table's name): PostgreSQL's {@code IF NOT EXISTS} alone still lets the loser
     * of a race fail on its catalog's unique index. On failure the caller closes {@code c}, which releases the lock.
     */
    JdbcEmbeddingColumn prepare(Connection c) throws SQLException {
        String table = settings.qualifiedTable();
        advisoryLock(c, "pg_advisory_lock", table);
        JdbcEmbeddingColumn kind = prepareLocked(c, table);
        advisoryLock(c, "pg_advisory_unlock", table);
        c.commit();
        return kind;
    }

    private static void advisoryLock(Connection c, String function, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + function + "(hashtext(?))")) {
            s.setString(1, table);
            s.execute();
        }
    }

    private JdbcEmbeddingColumn prepareLocked(Connection c, String table) throws SQLException {
        if (!tableExists(c)) {
            String vectorVersion = vectorVersion(c);
            JdbcEmbeddingColumn kind = vectorVersion != null && embeddingDimension > 0
                    ? JdbcEmbeddingColumn.VECTOR : JdbcEmbeddingColumn.REAL_ARRAY;
            try (Statement s = c.createStatement()) {
                s.execute(createTableSql(kind));
                if (kind == JdbcEmbeddingColumn.VECTOR && hasHnsw(vectorVersion)) {
                    // Cosine distance: embeddings are compared by angle (most models L2-normalise them anyway).
                    s.execute("CREATE INDEX IF NOT EXISTS " + settings.table() + "_embedding_hnsw ON " + table
                            + " USING hnsw (" + ResultSchema.EMBEDDING + " vector_cosine_ops)");
                }
            }
            c.commit();
        }
        JdbcEmbeddingColumn kind = checkColumns(c);
        checkUniqueKey(c);
        checkPrivileges(c);
        indexFailedRows(c);
        c.commit();
        return kind;
    }

    String createTableSql(JdbcEmbeddingColumn kind) {
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(settings.qualifiedTable())
                .append(" (");
        for (Map.Entry<String, String> col : columnTypes(kind, embeddingDimension).entrySet()) {
            sql.append(col.getKey()).append(' ').append(col.getValue());
            if (!NULLABLE.contains(col.getKey())) {
                sql.append(" NOT NULL");
            }
            sql.append(", ");
        }
        // The key's index also serves lookups by image (signature, path, size, mtime): they are its prefix.
        sql.append("UNIQUE (").append(String.join(", ", KEY)).append("))");
        return sql.toString();
    }

    /**
     * A small partial index of failed rows: finds whether any result may replace one without scanning the table,
     * and serves the staged path's delete. Left out, with no harm but speed, where the user may not create it.
     */
    private void indexFailedRows(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE INDEX IF NOT EXISTS " + settings.table() + "_failed_idx ON " + settings.qualifiedTable()
                    + " (signature, path, size, mtime) WHERE status = 'failed'");
            c.commit();
        } catch (SQLException e) {
            if (!"42501".equals(e.getSQLState())) { // insufficient privilege: not the table's owner
                throw e;
            }
            c.rollback();
        }
    }

    private boolean tableExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, settings.qualifiedTable());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The installed pgvector version in this database, or null. */
    static String vectorVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'vector'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** HNSW indexes came with pgvector 0.5.0. */
    static boolean hasHnsw(String version) {
        String[] parts = version.split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major > 0 || minor >= 5;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private JdbcEmbeddingColumn checkColumns(Connection c) throws SQLException {
        Map<String, String> actual = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT attname, format_type(atttypid, atttypmod) "
                + "FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped")) {
            ps.setString(1, settings.qualifiedTable());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    actual.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        List<String> problems = new ArrayList<>();
        JdbcEmbeddingColumn kind = JdbcEmbeddingColumn.REAL_ARRAY;
        for (Map.Entry<String, String> want : columnTypes(JdbcEmbeddingColumn.REAL_ARRAY, 0).entrySet()) {
            String name = want.getKey();
            String type = actual.get(name);
            if (type == null) {
                problems.add("no column " + name);
            } else if (name.equals(ResultSchema.EMBEDDING)) {
                Matcher vector = VECTOR_TYPE.matcher(type);
                if (vector.matches()) {
                    kind = JdbcEmbeddingColumn.VECTOR;
                    if (vector.group(1) != null && embeddingDimension > 0
                            && Integer.parseInt(vector.group(1)) != embeddingDimension) {
                        problems.add("embedding is " + type + " but the model gives " + embeddingDimension
                                + " dimensions");
                    }
                } else if (!type.equals("real[]")) {
                    problems.add("embedding is " + type + ", expected real[] or vector");
                }
            } else if (!compatible(want.getValue(), type)) {
                problems.add(name + " is " + type + ", expected " + want.getValue());
            }
        }
        if (!problems.isEmpty()) {
            throw new JdbcStoreException("table " + settings.qualifiedTable() + " exists with other columns ("
                    + String.join("; ", problems) + "); use another --store table= or drop it");
        }
        return kind;
    }

    private static boolean compatible(String want, String actual) {
        return want.equals(actual) || (want.equals("text") && actual.startsWith("character varying"));
    }

    private void checkUniqueKey(Connection c) throws SQLException {
        String sql = "SELECT array_agg(a.attname::text) FROM pg_index i "
                + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) "
                + "WHERE i.indrelid = to_regclass(?) AND i.indisunique AND i.indpred IS NULL GROUP BY i.indexrelid";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, settings.qualifiedTable());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Set<String> cols = new HashSet<>(List.of((String[]) rs.getArray(1).getArray()));
                    if (cols.equals(new HashSet<>(KEY))) {
                        return;
                    }
                }
            }
        }
        throw new JdbcStoreException("table " + settings.qualifiedTable() + " has no unique key on ("
                + String.join(", ", KEY) + "); without it re-runs would store duplicates. Add it: ALTER TABLE "
                + settings.qualifiedTable() + " ADD UNIQUE (" + String.join(", ", KEY) + ")");
    }

    private void checkPrivileges(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT has_table_privilege(?, 'SELECT'), "
                + "has_table_privilege(?, 'INSERT'), has_table_privilege(?, 'DELETE')")) {
            for (int i = 1; i <= 3; i++) {
                ps.setString(i, settings.qualifiedTable());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1) || !rs.getBoolean(2) || !rs.getBoolean(3)) {
                    throw new JdbcStoreException("user " + settings.user() + " may not SELECT, INSERT and DELETE on "
                            + "table " + settings.qualifiedTable() + "; grant them or use another table");
                }
            }
        }
    }
}
