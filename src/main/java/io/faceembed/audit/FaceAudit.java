package io.faceembed.audit;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.faceembed.audit.AuditFindings.CloseFolders;
import io.faceembed.audit.AuditFindings.DuplicatePair;
import io.faceembed.audit.AuditFindings.Histogram;
import io.faceembed.audit.AuditFindings.Outlier;
import io.faceembed.audit.AuditFindings.ProjectedFolder;
import io.faceembed.audit.AuditFindings.SplitFolder;
import io.faceembed.audit.AuditFindings.Summary;
import io.faceembed.search.StoredEmbeddings;
import io.faceembed.search.VectorColumns;
import io.faceembed.search.Vectors;
import io.faceembed.sinks.ResultSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * The audit of a result table, in Spark: each step is a named function of Datasets; only the findings (and
 * aggregates for the plots) reach the driver.
 *
 * <p>One face stands for each image: the one with the largest box. In a portrait collection that is the person
 * the folder is named after; the other faces of a group photo are bystanders that would all look like outliers.
 * Images with several faces are counted in the summary.
 */
public final class FaceAudit {

    /** Folders up to this many are compared pairwise exactly; above, through random-hyperplane blocks. */
    static final long EXACT_FOLDER_PAIRS_BELOW = 10_000;
    static final long EXACT_IMAGE_PAIRS_BELOW = 5_000;
    static final int PROJECTED_FOLDERS = 2_000;
    static final int NEAREST_FOLDER_OUTLIERS = 2_000;
    static final double HISTOGRAM_WIDTH = 0.005;
    /** Close-folder blocking: fewer bits than for duplicates, as two photos sets of one person are less alike. */
    static final int FOLDER_HASH_BITS = 6;
    static final int FOLDER_HASH_BANDS = 12;

    private FaceAudit() {
    }

    public static AuditFindings run(StoredEmbeddings store, AuditSettings settings) {
        Dataset<Row> primary = store.primaryFaces().persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> folders = analyseFolders(primary, settings).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> images = imageDistances(folders);
            double[] spread = medianAndMad(images);
            double threshold = Math.max(1 - settings.sameIdentitySimilarity(),
                    spread[0] + settings.outlierMadFactor() * 1.4826 * spread[1]);
            long multiFace = primary.where(col("faces").gt(1)).count();
            long imageCount = primary.count();
            long folderCount = folders.count();

            List<Outlier> outliers = outliers(images, folders, primary, threshold);
            List<SplitFolder> splits = splits(folders, images, settings);
            List<DuplicatePair> duplicates = duplicates(primary, settings);
            List<CloseFolders> close = closeFolders(folders, settings);
            Histogram histogram = histogram(images);
            Set<String> flagged = new HashSet<>();
            outliers.forEach(o -> flagged.add(o.folder()));
            splits.forEach(s -> flagged.add(s.folder()));
            close.forEach(c -> {
                flagged.add(c.folderA());
                flagged.add(c.folderB());
            });
            List<ProjectedFolder> projection = project(folders, flagged);
            Summary summary = new Summary(store.signature(), store.model(), imageCount, folderCount, multiFace,
                    settings.sameIdentitySimilarity(), spread[0], spread[1], threshold,
                    settings.sameFolderSimilarity(), settings.duplicateSimilarity());
            return new AuditFindings(summary, outliers, splits, duplicates, close, histogram, projection);
        } finally {
            folders.unpersist();
            primary.unpersist();
        }
    }

    /** One {@link AnalyseFolder#SCHEMA} row per folder, computed on the executors. */
    static Dataset<Row> analyseFolders(Dataset<Row> primary, AuditSettings settings) {
        return primary.groupByKey((MapFunction<Row, String>) r -> r.getString(1), Encoders.STRING())
                .flatMapGroups(new AnalyseFolder(settings), Encoders.row(AnalyseFolder.SCHEMA));
    }

    /** One row per image: folder, n, path, distance, loo, cluster. */
    static Dataset<Row> imageDistances(Dataset<Row> folders) {
        return folders.select(col("folder"), col("n"),
                        functions.explode(functions.arrays_zip(col("paths"), col("distance"), col("loo"),
                                col("cluster"))).as("i"))
                .select(col("folder"), col("n"), col("i.paths").as("path"), col("i.distance").as("distance"),
                        col("i.loo").as("loo"), col("i.cluster").as("cluster"));
    }

    /** Median and median absolute deviation of the leave-one-out distances (folders too small have NaN). */
    static double[] medianAndMad(Dataset<Row> images) {
        Dataset<Row> loo = images.where("NOT isnan(loo)").select("loo");
        double[] q = loo.stat().approxQuantile("loo", new double[] {0.5}, 0.001);
        if (q.length == 0) {
            return new double[] {0, 0};
        }
        double median = q[0];
        double[] mad = loo.select(abs(col("loo").minus(median)).as("d")).stat()
                .approxQuantile("d", new double[] {0.5}, 0.001);
        return new double[] {median, mad.length == 0 ? 0 : mad[0]};
    }

    static List<Outlier> outliers(Dataset<Row> images, Dataset<Row> folders, Dataset<Row> primary, double threshold) {
        Dataset<Row> odd = images.where(col("loo").gt(threshold).and(expr("NOT isnan(loo)")))
                .join(primary.select(ResultSchema.PATH, ResultSchema.EMBEDDING), "path");
        // Who it may be: the most similar other folder's centroid, for the most distant outliers (a broadcast
        // cross join with every folder, so bounded).
        Dataset<Row> candidates = broadcast(odd.orderBy(col("loo").desc()).limit(NEAREST_FOLDER_OUTLIERS)).as("o").crossJoin(folders.select(col("folder").as("other"),
                        col("centroid")))
                .where(col("o.folder").notEqual(col("other")))
                .withColumn("similarity", VectorColumns.dot(col("embedding"), col("centroid")));
        Dataset<Row> nearest = candidates.groupBy(col("o.path").as("path"))
                .agg(functions.max_by(col("other"), col("similarity")).as("nearest"),
                        functions.max(col("similarity")).as("nearest_similarity"));
        // A table with a single folder has no other folder to cross-join with: keep the outliers anyway.
        Dataset<Row> all = odd.select("path", "folder", "loo", "n").join(nearest, new String[] {"path"}, "left")
                .join(folders.select(col("folder"), functions.slice(col("paths"), 1, 4).as("others")), "folder");
        List<Outlier> out = new ArrayList<>();
        for (Row r : all.orderBy(col("loo").desc()).collectAsList()) {
            String path = r.getAs("path");
            List<String> others = new ArrayList<>(r.<String>getList(r.fieldIndex("others")));
            others.remove(path);
            Object sim = r.getAs("nearest_similarity");
            out.add(new Outlier(r.getAs("folder"), path, r.getAs("loo"), r.getAs("n"), r.getAs("nearest"),
                    sim == null ? Double.NaN : (Double) sim, others.subList(0, Math.min(3, others.size()))));
        }
        return out;
    }

    static List<SplitFolder> splits(Dataset<Row> folders, Dataset<Row> images, AuditSettings settings) {
        Dataset<Row> split = folders.where(col("size0").geq(settings.minClusterSize())
                .and(col("size1").geq(settings.minClusterSize()))
                .and(col("cluster_similarity").lt(settings.sameIdentitySimilarity())));
        List<Row> rows = split.select("folder", "n", "cluster_similarity", "paths", "cluster")
                .orderBy("cluster_similarity").collectAsList();
        List<SplitFolder> out = new ArrayList<>();
        for (Row r : rows) {
            List<String> paths = r.getList(3);
            List<Integer> cluster = r.getList(4);
            List<String> a = new ArrayList<>();
            List<String> b = new ArrayList<>();
            for (int i = 0; i < paths.size(); i++) {
                (cluster.get(i) == 0 ? a : b).add(paths.get(i));
            }
            out.add(new SplitFolder(r.getString(0), r.getInt(1), r.getDouble(2), a, b));
        }
        return out;
    }

    static List<DuplicatePair> duplicates(Dataset<Row> primary, AuditSettings settings) {
        Dataset<Row> items = primary.select(col(ResultSchema.PATH).as(SimilarPairs.ID),
                col(ResultSchema.FOLDER).as(SimilarPairs.GROUP), col(ResultSchema.EMBEDDING).as(SimilarPairs.VEC));
        Dataset<Row> within = SimilarPairs.withinGroups(items, settings.duplicateSimilarity());
        Dataset<Row> across = SimilarPairs.anywhere(items, settings.duplicateSimilarity(), settings.hashBits(),
                settings.hashBands(), EXACT_IMAGE_PAIRS_BELOW);
        List<DuplicatePair> out = new ArrayList<>();
        for (Row r : within.unionByName(across).dropDuplicates("id_a", "id_b")
                .orderBy(col("similarity").desc(), col("id_a")).collectAsList()) {
            out.add(new DuplicatePair(r.getString(0), r.getString(2), r.getString(1), r.getString(3), r.getDouble(4)));
        }
        return out;
    }

    static List<CloseFolders> closeFolders(Dataset<Row> folders, AuditSettings settings) {
        Dataset<Row> items = folders.select(col("folder").as(SimilarPairs.ID), col("folder").as(SimilarPairs.GROUP),
                col("centroid").as(SimilarPairs.VEC));
        Dataset<Row> pairs = SimilarPairs.anywhere(items, settings.sameFolderSimilarity(), FOLDER_HASH_BITS,
                FOLDER_HASH_BANDS, EXACT_FOLDER_PAIRS_BELOW);
        Dataset<Row> info = folders.select(col("folder"), col("n"), col("paths").getItem(0).as("example"));
        Dataset<Row> withInfo = pairs
                .join(info.toDF("id_a", "n_a", "example_a"), "id_a")
                .join(info.toDF("id_b", "n_b", "example_b"), "id_b");
        List<CloseFolders> out = new ArrayList<>();
        for (Row r : withInfo.orderBy(col("similarity").desc(), col("id_a"))
                .select("id_a", "id_b", "n_a", "n_b", "similarity", "example_a", "example_b").collectAsList()) {
            out.add(new CloseFolders(r.getString(0), r.getString(1), r.getInt(2), r.getInt(3), r.getDouble(4),
                    r.getString(5), r.getString(6)));
        }
        return out;
    }

    static Histogram histogram(Dataset<Row> images) {
        List<Row> bins = images.where("NOT isnan(loo)")
                .groupBy(functions.floor(col("loo").divide(HISTOGRAM_WIDTH)).cast("int").as("bin"))
                .count().collectAsList();
        int max = bins.stream().mapToInt(r -> Math.max(0, r.getInt(0))).max().orElse(0);
        long[] counts = new long[max + 1];
        for (Row r : bins) {
            counts[Math.max(0, r.getInt(0))] += r.getLong(1);
        }
        return new Histogram(HISTOGRAM_WIDTH, counts);
    }

    /** Flagged folders are always shown; others are sampled down to {@link #PROJECTED_FOLDERS}. */
    static List<ProjectedFolder> project(Dataset<Row> folders, Set<String> flagged) {
        long n = folders.count();
        Dataset<Row> shown = n <= PROJECTED_FOLDERS ? folders
                : folders.where(col("folder").isin(flagged.toArray())
                        .or(functions.rand(7).lt((double) PROJECTED_FOLDERS / n)));
        List<Row> rows = shown.select("folder", "centroid").collectAsList();
        List<float[]> vectors = new ArrayList<>(rows.size());
        rows.forEach(r -> vectors.add(Vectors.fromColumn(r.get(1))));
        double[][] xy = Pca2.project(vectors);
        List<ProjectedFolder> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String folder = rows.get(i).getString(0);
            out.add(new ProjectedFolder(folder, xy[i][0], xy[i][1], flagged.contains(folder)));
        }
        return out;
    }
}
