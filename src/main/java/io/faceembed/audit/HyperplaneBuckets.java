package io.faceembed.audit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import io.faceembed.search.Vectors;

/**
 * Random-hyperplane locality-sensitive hashing: each input row {@code (id, group, vec)} comes out once per band as
 * {@code (block, id, group, vec)}, where block names the band and the signs of the vector against that band's
 * hyperplanes. Two vectors at angle θ agree on one bit with probability 1 - θ/π, so near-duplicates share a block
 * in some band while unrelated vectors rarely do.
 *
 * <p>Face embeddings of one model fill a narrow cone (Dlib: two strangers still have cosine ~0.84), where planes
 * through the origin would cut almost nothing apart; vectors are therefore centred on the collection's mean first.
 */
final class HyperplaneBuckets implements FlatMapFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final float[][] planes; // bands * bits planes
    private final float[] mean;
    private final int bits;

    HyperplaneBuckets(int dim, int bits, int bands, float[] mean, long seed) {
        this.bits = bits;
        this.mean = mean;
        this.planes = new float[bits * bands][dim];
        SplittableRandom random = new SplittableRandom(seed);
        for (float[] plane : planes) {
            for (int d = 0; d < dim; d++) {
                plane[d] = (float) gaussian(random);
            }
        }
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    @Override
    public Iterator<Row> call(Row row) {
        float[] v = Vectors.fromColumn(row.get(2));
        float[] centred = new float[v.length];
        for (int d = 0; d < v.length; d++) {
            centred[d] = v[d] - mean[d];
        }
        int bands = planes.length / bits;
        List<Row> out = new ArrayList<>(bands);
        for (int band = 0; band < bands; band++) {
            long key = band;
            for (int b = 0; b < bits; b++) {
                key = key << 1 | (Vectors.dot(planes[band * bits + b], centred) >= 0 ? 1 : 0);
            }
            out.add(RowFactory.create(key, row.get(0), row.get(1), row.get(2)));
        }
        return out.iterator();
    }
}
