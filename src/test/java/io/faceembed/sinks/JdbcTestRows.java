package io.faceembed.sinks;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/** Result rows in {@link ResultSchema#SCHEMA} with random 128-D embeddings, for the JDBC sink tests. */
final class JdbcTestRows {

    static final int DIM = 128;
    static final Timestamp NOW = new Timestamp(1_700_000_000_000L);

    private JdbcTestRows() {
    }

    /** The rows of one image: {@code faces} face rows, or one no_face row when {@code faces} is 0. */
    static List<Row> image(String signature, String path, long size, int faces, Random random) {
        List<Row> rows = new ArrayList<>();
        if (faces == 0) {
            rows.add(RowFactory.create(path, folder(path), size, 1000L, ResultSchema.NO_FACE_INDEX, "no_face", null,
                    null, null, null, null, null, null, null, DIM, "Dlib", "ssd", signature, NOW));
        }
        for (int f = 0; f < faces; f++) {
            float[] landmarks = new float[10];
            float[] embedding = new float[DIM];
            for (int i = 0; i < landmarks.length; i++) {
                landmarks[i] = random.nextFloat() * 250;
            }
            for (int i = 0; i < DIM; i++) {
                embedding[i] = (float) random.nextGaussian();
            }
            rows.add(RowFactory.create(path, folder(path), size, 1000L, f, "ok", null, 10f * f, 12f, 80f, 90f,
                    0.9f, landmarks, embedding, DIM, "Dlib", "ssd", signature, NOW));
        }
        return rows;
    }

    static Row failed(String signature, String path, long size, String reason) {
        return RowFactory.create(path, folder(path), size, 1000L, ResultSchema.NO_FACE_INDEX, "failed", reason,
                null, null, null, null, null, null, null, DIM, "Dlib", "ssd", signature, NOW);
    }

    static Dataset<Row> frame(SparkSession spark, List<Row> rows) {
        return spark.createDataFrame(rows, ResultSchema.SCHEMA);
    }

    /**
     * {@code images} images generated lazily on the executors: image i has {@code i % 4} faces (0 = no_face), so
     * 1.5 rows per image on average; rows of one image stay adjacent.
     */
    static Dataset<Row> generated(SparkSession spark, String signature, long images, int partitions) {
        return spark.range(0, images, 1, partitions).flatMap(new GenerateImage(signature),
                Encoders.row(ResultSchema.SCHEMA));
    }

    /** Rows that {@link #generated} makes for {@code images} images. */
    static long generatedRows(long images) {
        long rows = 0;
        for (long i = 0; i < images; i++) {
            rows += Math.max(1, i % 4);
        }
        return rows;
    }

    private static String folder(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static final class GenerateImage implements FlatMapFunction<Long, Row> {
        private final String signature;

        GenerateImage(String signature) {
            this.signature = signature;
        }

        @Override
        public Iterator<Row> call(Long i) {
            return image(signature, "person_" + (i % 1000) + "/img_" + i + ".jpg", 10_000 + i, (int) (i % 4),
                    new Random(i)).iterator();
        }
    }
}
