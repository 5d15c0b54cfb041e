package io.faceembed.search;

import io.faceembed.sinks.JdbcStoreReader;
import io.faceembed.sinks.ResultSchema;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The faces of one pipeline signature in a result table ({@link ResultSchema}): rows with status {@code ok} and an
 * embedding. {@code --store} is {@code delta:<path>} or {@code jdbc:postgresql://host[:port]/db[?table=...]}.
 *
 * @param faces     the table's face rows of {@code signature}
 * @param signature the pipeline signature the rows share
 * @param model     the embedding model of that signature
 * @param jdbc      the PostgreSQL reader when the store is PostgreSQL, else null
 */
public record StoredEmbeddings(Dataset<Row> faces, String signature, String model, JdbcStoreReader jdbc) {

    public static final String DELTA_PREFIX = "delta:";
    public static final String JDBC_PREFIX = "jdbc:postgresql://";

    /**
     * Opens {@code store}; {@code signature} may be null when the table holds one signature only.
     *
     * @throws IllegalArgumentException a one-line message naming the option at fault
     */
    public static StoredEmbeddings open(SparkSession spark, String store, String table, String signature) {
        return open(spark, store, table, signature, null);
    }

    /** @param storeProperties a PostgreSQL store's password file (--store-properties), or null */
    public static StoredEmbeddings open(SparkSession spark, String store, String table, String signature,
                                        java.nio.file.Path storeProperties) {
        checkStore(store);
        Dataset<Row> all;
        JdbcStoreReader jdbc = null;
        if (store.toLowerCase(Locale.ROOT).startsWith(DELTA_PREFIX)) {
            String path = store.substring(DELTA_PREFIX.length());
            if (table != null) {
                throw new IllegalArgumentException("--table applies to a PostgreSQL store; a Delta store's path is "
                        + "its table");
            }
            all = readDelta(spark, path);
        } else {
            jdbc = JdbcStoreReader.open(store, table, storeProperties);
            all = jdbc.read(spark);
        }
        Dataset<Row> ok = all.where(functions.col(ResultSchema.STATUS).equalTo("ok")
                .and(functions.col(ResultSchema.EMBEDDING).isNotNull()));
        String chosen = chooseSignature(ok, signature, store);
        Dataset<Row> faces = ok.where(functions.col(ResultSchema.SIGNATURE).equalTo(chosen));
        String model = faces.select(ResultSchema.MODEL).head().getString(0);
        return new StoredEmbeddings(faces, chosen, model, jdbc);
    }

    /**
     * One row per image, its largest face: {@code (path, folder, embedding, faces)} where faces counts the image's
     * faces. In a portrait collection the largest face is the person the folder is named after.
     */
    public Dataset<Row> primaryFaces() {
        Dataset<Row> withArea = faces.withColumn("area", functions.expr("greatest(coalesce(box_x2 - box_x1, 0), 0)"
                + " * greatest(coalesce(box_y2 - box_y1, 0), 0)"));
        var byImage = org.apache.spark.sql.expressions.Window.partitionBy(ResultSchema.PATH);
        var largestFirst = byImage.orderBy(functions.col("area").desc(), functions.col(ResultSchema.FACE_INDEX).asc());
        return withArea
                .withColumn("faces", functions.count(functions.lit(1)).over(byImage))
                .withColumn("rank", functions.row_number().over(largestFirst))
                .where(functions.col("rank").equalTo(1))
                .select(functions.col(ResultSchema.PATH), functions.col(ResultSchema.FOLDER),
                        functions.col(ResultSchema.EMBEDDING), functions.col("faces"));
    }

    /** Checks the form of {@code --store} before any work. */
    public static void checkStore(String store) {
        if (store == null || store.isBlank()) {
            throw new IllegalArgumentException("--store is empty; use delta:<path> or jdbc:postgresql://host/db");
        }
        boolean delta = store.toLowerCase(Locale.ROOT).startsWith(DELTA_PREFIX);
        if (delta && store.length() == DELTA_PREFIX.length()) {
            throw new IllegalArgumentException("--store '" + store + "' names no path; use delta:<path>");
        }
        if (!delta && !store.startsWith(JDBC_PREFIX)) {
            throw new IllegalArgumentException("--store '" + store + "' is neither delta:<path> nor "
                    + "jdbc:postgresql://host[:port]/database");
        }
    }

    private static Dataset<Row> readDelta(SparkSession spark, String path) {
        try {
            return spark.read().format("delta").load(path);
        } catch (Exception e) { // AnalysisException (checked in Scala's eyes only) when the path holds no table
            throw new IllegalArgumentException("--store delta:" + path + " is not a Delta table (" + firstLine(e)
                    + ")");
        }
    }

    static String chooseSignature(Dataset<Row> ok, String wanted, String store) {
        List<Row> counts = ok.groupBy(ResultSchema.SIGNATURE).count()
                .orderBy(functions.desc("count")).collectAsList();
        if (counts.isEmpty()) {
            throw new IllegalArgumentException("--store " + store + " holds no embedded face yet");
        }
        StringBuilder held = new StringBuilder();
        for (Row r : counts) {
            held.append(held.isEmpty() ? "" : ", ").append(r.getString(0)).append(" (").append(r.getLong(1))
                    .append(" faces)");
            if (r.getString(0).equals(wanted)) {
                return wanted;
            }
        }
        if (wanted != null) {
            throw new IllegalArgumentException("--signature '" + wanted + "' has no faces in the store; it holds "
                    + held);
        }
        if (counts.size() > 1) {
            throw new IllegalArgumentException("the store holds embeddings of " + counts.size()
                    + " pipelines; choose one with --signature: " + held);
        }
        return counts.get(0).getString(0);
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }
}
