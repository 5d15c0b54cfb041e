package io.faceembed.audit;

import static org.apache.spark.sql.functions.col;

import io.faceembed.search.VectorColumns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Pairs of vectors more similar than a threshold, without comparing every pair: rows are put in blocks and only
 * rows sharing a block are compared (a self-join on the block). Input and output columns:
 * {@code (id string, grp string, vec array<float>)} -> {@code (id_a, grp_a, id_b, grp_b, similarity)}, id_a < id_b.
 */
final class SimilarPairs {

    static final String ID = "id";
    static final String GROUP = "grp";
    static final String VEC = "vec";
    static final String BLOCK = "block";

    private SimilarPairs() {
    }

    /** Pairs within each group (all pairs of a group are compared: groups are small). */
    static Dataset<Row> withinGroups(Dataset<Row> items, double threshold) {
        return compare(items.withColumn(BLOCK, col(GROUP)), threshold);
    }

    /**
     * Pairs anywhere, found through random-hyperplane blocks ({@link HyperplaneBuckets}); every pair is compared
     * when there are at most {@code exactBelow} items.
     */
    static Dataset<Row> anywhere(Dataset<Row> items, double threshold, int bits, int bands, long exactBelow) {
        long n = items.count();
        if (n <= exactBelow) {
            return everyPair(items, threshold);
        }
        float[] mean = mean(items);
        StructType blocked = new StructType().add(BLOCK, DataTypes.LongType).add(ID, DataTypes.StringType)
                .add(GROUP, DataTypes.StringType).add(VEC, DataTypes.createArrayType(DataTypes.FloatType));
        Dataset<Row> buckets = items.select(ID, GROUP, VEC)
                .flatMap(new HyperplaneBuckets(mean.length, bits, bands, mean, 20240611L), Encoders.row(blocked));
        return compare(buckets, threshold).dropDuplicates("id_a", "id_b");
    }

    /** All pairs: a cross join, which Spark spreads over tasks (a join on one constant key would not). */
    private static Dataset<Row> everyPair(Dataset<Row> items, double threshold) {
        Dataset<Row> a = items.select(col(ID).as("id_a"), col(GROUP).as("grp_a"), col(VEC).as("vec_a"));
        Dataset<Row> b = items.select(col(ID).as("id_b"), col(GROUP).as("grp_b"), col(VEC).as("vec_b"));
        return a.crossJoin(b).where(col("id_a").lt(col("id_b")))
                .select(col("id_a"), col("grp_a"), col("id_b"), col("grp_b"),
                        VectorColumns.dot(col("vec_a"), col("vec_b")).as("similarity"))
                .where(col("similarity").gt(threshold));
    }

    private static Dataset<Row> compare(Dataset<Row> blocked, double threshold) {
        Dataset<Row> a = blocked.select(col(BLOCK), col(ID).as("id_a"), col(GROUP).as("grp_a"), col(VEC).as("vec_a"));
        Dataset<Row> b = blocked.select(col(BLOCK), col(ID).as("id_b"), col(GROUP).as("grp_b"), col(VEC).as("vec_b"));
        return a.join(b, a.col(BLOCK).equalTo(b.col(BLOCK)).and(a.col("id_a").lt(b.col("id_b"))))
                .select(col("id_a"), col("grp_a"), col("id_b"), col("grp_b"),
                        VectorColumns.dot(col("vec_a"), col("vec_b")).as("similarity"))
                .where(col("similarity").gt(threshold));
    }

    private static float[] mean(Dataset<Row> items) {
        java.util.List<Row> rows = items.select(functions.posexplode(col(VEC)).as(new String[] {"pos", "x"}))
                .groupBy("pos").agg(functions.avg("x").as("m")).collectAsList();
        float[] out = new float[rows.size()];
        for (Row r : rows) {
            out[r.getInt(0)] = (float) r.getDouble(1);
        }
        return out;
    }
}
