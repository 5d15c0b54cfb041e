package io.faceembed.search;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.faceembed.search.SearchResult.IdentityHit;
import io.faceembed.search.SearchResult.ImageHit;
import io.faceembed.sinks.JdbcStoreReader;
import io.faceembed.sinks.ResultSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Nearest stored faces to a query embedding. Exact in Spark (a dot product per stored face) for Delta tables and
 * PostgreSQL tables with {@code real[]} embeddings; for a pgvector column, PostgreSQL answers with {@code <=>} and
 * its HNSW index, and identities are ranked from the nearest images it returns.
 */
public final class FaceSearch {

    /** With pgvector, this many times k images are fetched to rank identities from. */
    static final int PGVECTOR_IDENTITY_FANOUT = 20;

    private FaceSearch() {
    }

    public static SearchResult search(StoredEmbeddings store, float[] query, int k) {
        JdbcStoreReader jdbc = store.jdbc();
        if (jdbc != null && jdbc.usesVectorColumn()) {
            return viaPgvector(jdbc, store.signature(), query, k);
        }
        return exact(store, query, k);
    }

    static SearchResult exact(StoredEmbeddings store, float[] query, int k) {
        Dataset<Row> scored = store.faces().select(col(ResultSchema.PATH), col(ResultSchema.FOLDER),
                VectorColumns.dotWith(col(ResultSchema.EMBEDDING), query).as("similarity"));
        List<ImageHit> images = new ArrayList<>();
        for (Row r : scored.groupBy(ResultSchema.PATH, ResultSchema.FOLDER).agg(functions.max("similarity").as("s"))
                .orderBy(col("s").desc(), col(ResultSchema.PATH)).limit(k).collectAsList()) {
            images.add(new ImageHit(r.getString(0), r.getString(1), r.getDouble(2)));
        }
        int dim = query.length;
        Dataset<Row> primary = store.primaryFaces()
                .withColumn("similarity", VectorColumns.dotWith(col(ResultSchema.EMBEDDING), query));
        Dataset<Row> identities = primary.groupBy(ResultSchema.FOLDER)
                .agg(expr(VectorSql.sum("collect_list(embedding)", dim)).as("sum"),
                        functions.max("similarity").as("best"), functions.count(functions.lit(1)).as("images"))
                // the centroid's length once per folder (inside transform() it would be recomputed per element)
                .select(col(ResultSchema.FOLDER), VectorColumns.dotWith(col("sum"), query)
                                .divide(functions.sqrt(expr(VectorSql.dot("sum", "sum")))).as("similarity"),
                        col("best"), col("images"));
        List<IdentityHit> ids = new ArrayList<>();
        for (Row r : identities.orderBy(col("similarity").desc(), col(ResultSchema.FOLDER)).limit(k).collectAsList()) {
            ids.add(new IdentityHit(r.getString(0), r.getDouble(1), r.getDouble(2), r.getLong(3)));
        }
        return new SearchResult(images, ids, "exact");
    }

    static SearchResult viaPgvector(JdbcStoreReader jdbc, String signature, float[] query, int k) {
        List<JdbcStoreReader.Neighbour> near = jdbc.nearest(query, signature, k * PGVECTOR_IDENTITY_FANOUT);
        Map<String, ImageHit> byPath = new LinkedHashMap<>();
        Map<String, double[]> byFolder = new LinkedHashMap<>(); // best similarity, images seen
        for (JdbcStoreReader.Neighbour n : near) {
            byPath.putIfAbsent(n.path(), new ImageHit(n.path(), n.folder(), n.similarity()));
            double[] f = byFolder.computeIfAbsent(n.folder(), x -> new double[] {n.similarity(), 0});
            f[1]++;
        }
        List<ImageHit> images = byPath.values().stream().limit(k).toList();
        List<IdentityHit> ids = byFolder.entrySet().stream()
                .map(e -> new IdentityHit(e.getKey(), Double.NaN, e.getValue()[0], (long) e.getValue()[1]))
                .sorted(Comparator.comparingDouble(IdentityHit::best).reversed()).limit(k).toList();
        return new SearchResult(images, ids, "pgvector hnsw");
    }
}
