package io.faceembed.sinks;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns result rows into PostgreSQL COPY text lines, columns in {@link JdbcTableSetup#columnTypes} order. Input
 * columns are found by name, so the results Dataset may order them as it likes.
 */
final class JdbcCopyRows implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<String> columns;
    private final int[] inputIndex;
    private final String[] types;
    private final int signature;
    private final int path;
    private final int size;
    private final int mtime;
    private final int status;

    JdbcCopyRows(StructType input, JdbcEmbeddingColumn embedding) {
        this.columns = new ArrayList<>(JdbcTableSetup.columnTypes(embedding, 1).keySet());
        List<String> typeList = new ArrayList<>(JdbcTableSetup.columnTypes(embedding, 1).values());
        this.inputIndex = new int[columns.size()];
        this.types = new String[columns.size()];
        List<String> names = List.of(input.fieldNames());
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            inputIndex[i] = names.indexOf(columns.get(i));
            types[i] = typeList.get(i).startsWith("vector") ? "vector" : typeList.get(i);
            if (inputIndex[i] < 0) {
                missing.add(columns.get(i));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("results lack columns " + missing + " of ResultSchema");
        }
        this.signature = names.indexOf(ResultSchema.SIGNATURE);
        this.path = names.indexOf(ResultSchema.PATH);
        this.size = names.indexOf(ResultSchema.SIZE);
        this.mtime = names.indexOf(ResultSchema.MTIME);
        this.status = names.indexOf(ResultSchema.STATUS);
    }

    /** The table's column list for COPY and INSERT ... SELECT. */
    String columnList() {
        return String.join(", ", columns);
    }

    /** Whether {@code a} and {@code b} belong to the same image (same signature and image key). */
    boolean sameImage(Row a, Row b) {
        return a.getLong(size) == b.getLong(size) && a.getLong(mtime) == b.getLong(mtime)
                && Objects.equals(a.getString(path), b.getString(path))
                && Objects.equals(a.getString(signature), b.getString(signature));
    }

    String status(Row row) {
        return row.getString(status);
    }

    /** Appends {@code row} as one COPY text line (tab-separated, {@code \N} for null, newline-terminated). */
    void append(Row row, StringBuilder out) {
        for (int i = 0; i < inputIndex.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            int at = inputIndex[i];
            if (row.isNullAt(at)) {
                out.append("\\N");
                continue;
            }
            switch (types[i]) {
                case "text" -> escape(row.getString(at), out);
                case "bigint" -> out.append(row.getLong(at));
                case "integer" -> out.append(row.getInt(at));
                case "real" -> out.append(row.getFloat(at));
                case "real[]" -> floats(row.getList(at), '{', '}', out);
                case "vector" -> floats(row.getList(at), '[', ']', out);
                case "timestamp with time zone" -> out.append(instant(row.get(at)));
                default -> throw new IllegalStateException("no COPY format for " + types[i]);
            }
        }
        out.append('\n');
    }

    private static void floats(List<Object> values, char open, char close, StringBuilder out) {
        out.append(open);
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(((Number) values.get(i)).floatValue());
        }
        out.append(close);
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        throw new IllegalArgumentException("written_at: not a timestamp: " + value.getClass().getName());
    }

    private static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}
