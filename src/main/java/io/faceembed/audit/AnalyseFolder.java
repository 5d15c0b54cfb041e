package io.faceembed.audit;

import io.faceembed.search.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Spark's per-folder step: the images of one folder {@code (path, folder, embedding)} to one {@link #SCHEMA} row. */
final class AnalyseFolder implements FlatMapGroupsFunction<String, Row, Row> {

    private static final long serialVersionUID = 1L;

    static final StructType SCHEMA = new StructType()
            .add("folder", DataTypes.StringType, false)
            .add("n", DataTypes.IntegerType, false)
            .add("centroid", DataTypes.createArrayType(DataTypes.FloatType, false), false)
            .add("paths", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("distance", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("loo", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("cluster", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("size0", DataTypes.IntegerType, false)
            .add("size1", DataTypes.IntegerType, false)
            .add("cluster_similarity", DataTypes.DoubleType, false);

    private final int minOutlierFolderSize;
    private final int minClusterSize;

    AnalyseFolder(AuditSettings settings) {
        this.minOutlierFolderSize = settings.minOutlierFolderSize();
        this.minClusterSize = settings.minClusterSize();
    }

    @Override
    public Iterator<Row> call(String folder, Iterator<Row> images) {
        List<Row> rows = new ArrayList<>();
        images.forEachRemaining(rows::add);
        rows.sort(Comparator.comparing(r -> r.getString(0)));
        List<float[]> embeddings = new ArrayList<>(rows.size());
        String[] paths = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            paths[i] = rows.get(i).getString(0);
            embeddings.add(Vectors.fromColumn(rows.get(i).get(2)));
        }
        FolderAnalysis a = FolderAnalysis.of(embeddings, minOutlierFolderSize, minClusterSize);
        Row out = RowFactory.create(folder, rows.size(), Vectors.toColumn(a.centroid()), paths, boxed(a.distance()),
                boxed(a.looDistance()), boxed(a.cluster()), a.clusterSizes()[0], a.clusterSizes()[1],
                a.clusterSimilarity());
        return List.of(out).iterator();
    }

    private static Double[] boxed(double[] v) {
        Double[] out = new Double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static Integer[] boxed(int[] v) {
        Integer[] out = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
