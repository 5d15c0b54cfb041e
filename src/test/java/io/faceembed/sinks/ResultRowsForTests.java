package io.faceembed.sinks;

import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Builds rows of {@link ResultSchema#SCHEMA} for sink and planning tests. */
public final class ResultRowsForTests {

    private ResultRowsForTests() {
    }

    public static Row ok(String signature, String path, long size, long mtime, int faceIndex) {
        return RowFactory.create(path, folderOf(path), size, mtime, faceIndex, "ok", null,
                1f, 2f, 30f, 40f, 0.9f, new Float[]{1f, 2f}, new Float[]{0.6f, 0.8f}, 2,
                model(signature), "ssd", signature, new Timestamp(1_700_000_000_000L));
    }

    public static Row noFace(String signature, String path, long size, long mtime) {
        return status(signature, path, size, mtime, "no_face", null);
    }

    public static Row failed(String signature, String path, long size, long mtime, String reason) {
        return status(signature, path, size, mtime, "failed", reason);
    }

    private static Row status(String signature, String path, long size, long mtime, String status, String reason) {
        return RowFactory.create(path, folderOf(path), size, mtime, ResultSchema.NO_FACE_INDEX, status, reason,
                null, null, null, null, null, null, null, 0, model(signature), "ssd", signature,
                new Timestamp(1_700_000_000_000L));
    }

    public static Dataset<Row> dataset(SparkSession spark, Row... rows) {
        return spark.createDataFrame(List.of(rows), ResultSchema.SCHEMA);
    }

    private static String folderOf(String path) {
        int slash = path.indexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String model(String signature) {
        int colon = signature.indexOf(':');
        return colon < 0 ? signature : signature.substring(0, colon);
    }
}
