package io.faceembed.listing;

import io.faceembed.sinks.ResultSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The images to consider (already filtered by --min-images), sorted by path, with what was left out.
 *
 * @param root the listed folder, fully qualified (e.g. {@code file:/data/people}); image paths are relative to it
 */
public record ImageListing(String root, List<ImageFile> images, ListingStats stats) {

    /** Columns path, folder, size, mtime. */
    public static final StructType SCHEMA = new StructType()
            .add(ResultSchema.PATH, DataTypes.StringType, false)
            .add(ResultSchema.FOLDER, DataTypes.StringType, false)
            .add(ResultSchema.SIZE, DataTypes.LongType, false)
            .add(ResultSchema.MTIME, DataTypes.LongType, false);

    private static final int ROWS_PER_SLICE = 20_000;

    public Dataset<Row> toDataset(SparkSession spark) {
        List<Row> rows = new ArrayList<>(images.size());
        for (ImageFile f : images) {
            rows.add(toRow(f));
        }
        // a parallelized RDD, not a local relation: a million rows would otherwise travel inside the query plan
        int slices = Math.max(1, Math.min(spark.sparkContext().defaultParallelism(), rows.size() / ROWS_PER_SLICE + 1));
        return spark.createDataFrame(
                org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, slices),
                SCHEMA);
    }

    public static Row toRow(ImageFile f) {
        return RowFactory.create(f.path(), f.folder(), f.size(), f.mtime());
    }

    public static ImageFile fromRow(Row r) {
        return new ImageFile(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3));
    }
}
