package io.faceembed.bench;

import io.faceembed.sinks.ResultSchema;
import java.sql.Timestamp;
import java.util.Iterator;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Result rows of one face each with random 128-D embeddings, generated on the executors, for the sink benches. */
final class SyntheticRows {

    static final int DIM = 128;

    private SyntheticRows() {
    }

    static Dataset<Row> generate(SparkSession spark, String signature, long rows, int partitions) {
        return generate(spark, signature, 0, rows, partitions);
    }

    /** Rows whose keys start at {@code firstId}: successive calls make disjoint waves. */
    static Dataset<Row> generate(SparkSession spark, String signature, long firstId, long rows, int partitions) {
        return spark.range(firstId, firstId + rows, 1, partitions).toDF()
                .mapPartitions(new Generate(signature), Encoders.row(ResultSchema.SCHEMA));
    }

    /** Keys only (path, size, mtime) of a stored table of {@code rows} rows: what planning joins against. */
    static Dataset<Row> keyTable(SparkSession spark, String signature, long rows, int partitions) {
        return spark.range(0, rows, 1, partitions).selectExpr(
                "format_string('person_%07d/img_0.jpg', id) AS path",
                "format_string('person_%07d', id) AS folder",
                "10000 + id AS size", "1700000000000 AS mtime", "0 AS face_index", "'ok' AS status",
                "CAST(NULL AS STRING) AS reason", "CAST(1 AS FLOAT) AS box_x1", "CAST(1 AS FLOAT) AS box_y1",
                "CAST(9 AS FLOAT) AS box_x2", "CAST(9 AS FLOAT) AS box_y2", "CAST(0.9 AS FLOAT) AS score",
                "CAST(NULL AS ARRAY<FLOAT>) AS landmarks", "CAST(NULL AS ARRAY<FLOAT>) AS embedding",
                DIM + " AS dim", "'Dlib' AS model", "'ssd' AS detector", "'" + signature + "' AS signature",
                "current_timestamp() AS written_at");
    }

    /** A listing of {@code rows} images (path, folder, size, mtime) whose keys start at {@code firstId}. */
    static Dataset<Row> listing(SparkSession spark, long firstId, long rows, int partitions) {
        return spark.range(firstId, firstId + rows, 1, partitions).selectExpr(
                "format_string('person_%07d/img_0.jpg', id) AS path", "format_string('person_%07d', id) AS folder",
                "10000 + id AS size", "1700000000000 AS mtime");
    }

    private static final class Generate implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final String signature;

        Generate(String signature) {
            this.signature = signature;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> ids) {
            Timestamp now = new Timestamp(System.currentTimeMillis());
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return ids.hasNext();
                }

                @Override
                public Row next() {
                    long id = ids.next().getLong(0);
                    SplittableRandom random = new SplittableRandom(id);
                    float[] embedding = new float[DIM];
                    for (int i = 0; i < DIM; i++) {
                        embedding[i] = (float) random.nextDouble(-0.2, 0.2);
                    }
                    float[] landmarks = new float[10];
                    for (int i = 0; i < landmarks.length; i++) {
                        landmarks[i] = (float) random.nextDouble(0, 250);
                    }
                    String folder = String.format("person_%07d", id / 2);
                    return RowFactory.create(folder + "/img_" + id + ".jpg", folder, 10_000L + id, 1_700_000_000_000L,
                            0, "ok", null, 10f, 12f, 80f, 90f, 0.9f, landmarks, embedding, DIM, "Dlib", "ssd",
                            signature, now);
                }
            };
        }
    }
}
