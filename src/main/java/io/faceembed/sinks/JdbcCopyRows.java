package io.faceembed.sinks;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Turns result rows into PostgreSQL's binary COPY format, columns in {@link JdbcTableSetup#columnTypes} order.
 * Binary, because printing and parsing 128 floats per row as text took most of the write time. Input columns are
 * found by name, so the results Dataset may order them as it likes.
 */
final class JdbcCopyRows implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final byte[] SIGNATURE_BYTES = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final int FLOAT4_OID = 700;
    /** PostgreSQL timestamps count microseconds from 2000-01-01T00:00:00Z. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    private enum Kind { TEXT, BIGINT, INTEGER, REAL, REAL_ARRAY, VECTOR, TIMESTAMPTZ }

    private final List<String> columns;
    private final int[] inputIndex;
    private final Kind[] kinds;
    private final int signature;
    private final int path;
    private final int size;
    private final int mtime;
    private final int status;

    JdbcCopyRows(StructType input, JdbcEmbeddingColumn embedding) {
        List<String> names = List.of(input.fieldNames());
        this.columns = new ArrayList<>();
        List<Kind> kindList = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        JdbcTableSetup.columnTypes(embedding, 1).forEach((name, type) -> {
            columns.add(name);
            kindList.add(kind(type));
            if (!names.contains(name)) {
                missing.add(name);
            }
        });
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("results lack columns " + missing + " of ResultSchema");
        }
        this.inputIndex = columns.stream().mapToInt(names::indexOf).toArray();
        this.kinds = kindList.toArray(new Kind[0]);
        this.signature = names.indexOf(ResultSchema.SIGNATURE);
        this.path = names.indexOf(ResultSchema.PATH);
        this.size = names.indexOf(ResultSchema.SIZE);
        this.mtime = names.indexOf(ResultSchema.MTIME);
        this.status = names.indexOf(ResultSchema.STATUS);
    }

    private static Kind kind(String sqlType) {
        if (sqlType.startsWith("vector")) {
            return Kind.VECTOR;
        }
        return switch (sqlType) {
            case "text" -> Kind.TEXT;
            case "bigint" -> Kind.BIGINT;
            case "integer" -> Kind.INTEGER;
            case "real" -> Kind.REAL;
            case "real[]" -> Kind.REAL_ARRAY;
            case "timestamp with time zone" -> Kind.TIMESTAMPTZ;
            default -> throw new IllegalStateException("no COPY format for " + sqlType);
        };
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

    /** A batch of rows in COPY binary format: {@link #append} rows, then {@link #finish}. */
    final class Batch {
        private final Buffer out = new Buffer();
        private int rows;
        private int failedRows;

        Batch() {
            reset();
        }

        int rows() {
            return rows;
        }

        /** Whether any row of the batch has status {@code failed}. */
        boolean hasFailedRows() {
            return failedRows > 0;
        }

        void reset() {
            out.reset();
            rows = 0;
            failedRows = 0;
            out.write(SIGNATURE_BYTES);
            out.writeInt(0); // flags
            out.writeInt(0); // header extension length
        }

        void append(Row row) {
            out.writeShort(inputIndex.length);
            for (int i = 0; i < inputIndex.length; i++) {
                int at = inputIndex[i];
                if (row.isNullAt(at)) {
                    out.writeInt(-1);
                } else {
                    field(kinds[i], row, at);
                }
            }
            rows++;
            if ("failed".equals(row.getString(status))) {
                failedRows++;
            }
        }

        /** The COPY data: the rows and the trailer. */
        byte[] finish() {
            out.writeShort(-1);
            return out.toByteArray();
        }

        private void field(Kind kind, Row row, int at) {
            switch (kind) {
                case TEXT -> {
                    byte[] utf8 = row.getString(at).getBytes(StandardCharsets.UTF_8);
                    out.writeInt(utf8.length);
                    out.write(utf8);
                }
                case BIGINT -> {
                    out.writeInt(8);
                    out.writeLong(row.getLong(at));
                }
                case INTEGER -> {
                    out.writeInt(4);
                    out.writeInt(row.getInt(at));
                }
                case REAL -> {
                    out.writeInt(4);
                    out.writeFloat(row.getFloat(at));
                }
                case REAL_ARRAY -> realArray(floats(row.get(at)));
                case VECTOR -> vector(floats(row.get(at)));
                case TIMESTAMPTZ -> {
                    Instant t = instant(row.get(at));
                    out.writeInt(8);
                    out.writeLong((t.getEpochSecond() - PG_EPOCH_SECONDS) * 1_000_000L + t.getNano() / 1_000);
                }
            }
        }

        private void realArray(float[] values) {
            if (values.length == 0) {
                out.writeInt(12);
                out.writeInt(0); // no dimensions
                out.writeInt(0); // no nulls
                out.writeInt(FLOAT4_OID);
                return;
            }
            out.writeInt(20 + 8 * values.length);
            out.writeInt(1); // dimensions
            out.writeInt(0); // no nulls
            out.writeInt(FLOAT4_OID);
            out.writeInt(values.length);
            out.writeInt(1); // lower bound
            for (float v : values) {
                out.writeInt(4);
                out.writeFloat(v);
            }
        }

        /** pgvector's binary form: int16 dimensions, int16 unused, then the floats. */
        private void vector(float[] values) {
            out.writeInt(4 + 4 * values.length);
            out.writeShort(values.length);
            out.writeShort(0);
            for (float v : values) {
                out.writeFloat(v);
            }
        }
    }

    /** A growable big-endian byte buffer: DataOutputStream over ByteArrayOutputStream locks on every byte. */
    private static final class Buffer {
        private byte[] bytes = new byte[1 << 20];
        private int length;

        void reset() {
            length = 0;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, length);
        }

        void write(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, bytes, length, b.length);
            length += b.length;
        }

        void writeShort(int v) {
            ensure(2);
            bytes[length++] = (byte) (v >>> 8);
            bytes[length++] = (byte) v;
        }

        void writeInt(int v) {
            ensure(4);
            bytes[length++] = (byte) (v >>> 24);
            bytes[length++] = (byte) (v >>> 16);
            bytes[length++] = (byte) (v >>> 8);
            bytes[length++] = (byte) v;
        }

        void writeLong(long v) {
            writeInt((int) (v >>> 32));
            writeInt((int) v);
        }

        void writeFloat(float v) {
            writeInt(Float.floatToRawIntBits(v));
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }

    /** Array columns arrive as float[] (rows straight from a flatMap) or as a Scala or Java sequence (decoded rows). */
    private static float[] floats(Object value) {
        if (value instanceof float[] array) {
            return array;
        }
        if (value instanceof scala.collection.Seq<?> seq) {
            float[] array = new float[seq.size()];
            scala.collection.Iterator<?> it = seq.iterator();
            for (int i = 0; i < array.length; i++) {
                array[i] = ((Number) it.next()).floatValue();
            }
            return array;
        }
        if (value instanceof List<?> list) {
            float[] array = new float[list.size()];
            for (int i = 0; i < array.length; i++) {
                array[i] = ((Number) list.get(i)).floatValue();
            }
            return array;
        }
        throw new IllegalArgumentException("expected an array of floats, got " + value.getClass().getName());
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
}
