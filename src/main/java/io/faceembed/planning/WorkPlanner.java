package io.faceembed.planning;

import io.faceembed.listing.ImageFile;
import io.faceembed.listing.ImageListing;
import io.faceembed.sinks.ResultSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Decides what to embed. An image is identified by its key (path, size, mtime): an image that is replaced or
 * touched is embedded again; one that is stored for the run's pipeline signature is not.
 */
public final class WorkPlanner {

    private WorkPlanner() {
    }

    /**
     * The listed images whose key is not among {@code storedKeys}: a left-anti-join on (path, size, mtime).
     * {@code storedKeys} must already be restricted to one pipeline signature.
     */
    public static Dataset<Row> planWork(Dataset<Row> listing, Dataset<Row> storedKeys) {
        Column sameKey = listing.col(ResultSchema.PATH).equalTo(storedKeys.col(ResultSchema.PATH))
                .and(listing.col(ResultSchema.SIZE).equalTo(storedKeys.col(ResultSchema.SIZE)))
                .and(listing.col(ResultSchema.MTIME).equalTo(storedKeys.col(ResultSchema.MTIME)));
        return listing.join(storedKeys, sameKey, "left_anti");
    }

    /**
     * Runs {@link #planWork} once and keeps, in path order, the images it returns, capped at
     * {@code limit} images (0: no cap). Only their paths come to the driver, in one Spark job: no distributed sort,
     * and no job at all against a store known to be empty (Spark drops an anti-join with an empty local relation).
     */
    public static WorkPlan plan(ImageListing listing, Dataset<Row> listed, Dataset<Row> storedKeys, long limit) {
        Set<String> todoPaths = new HashSet<>();
        for (Row r : planWork(listed, storedKeys).select(ResultSchema.PATH).collectAsList()) {
            todoPaths.add(r.getString(0));
        }
        List<ImageFile> pending = new ArrayList<>(todoPaths.size());
        for (ImageFile f : listing.images()) {
            if (todoPaths.contains(f.path())) {
                pending.add(f);
            }
        }
        pending.sort(Comparator.comparing(ImageFile::path)); // a listing is in path order already: one pass
        List<ImageFile> todo = limit == 0 || pending.size() <= limit ? pending : pending.subList(0, (int) limit);
        long alreadyDone = listing.images().size() - todoPaths.size();
        return new WorkPlan(List.copyOf(todo), alreadyDone, todoPaths.size() - todo.size());
    }
}
