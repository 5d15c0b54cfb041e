package io.faceembed.planning;

import io.faceembed.listing.ImageFile;
import io.faceembed.listing.ImageListing;
import io.faceembed.sinks.ResultSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
     * Runs {@link #planWork} and brings the to-do list to the driver in path order, capped at {@code limit}
     * images (0: no cap).
     */
    public static WorkPlan plan(ImageListing listing, Dataset<Row> listed, Dataset<Row> storedKeys, long limit) {
        Dataset<Row> todoRows = planWork(listed, storedKeys).orderBy(ResultSchema.PATH);
        List<ImageFile> todo = new ArrayList<>();
        long found = 0;
        Iterator<Row> it = todoRows.toLocalIterator();
        while (it.hasNext()) {
            Row r = it.next();
            found++;
            if (limit == 0 || todo.size() < limit) {
                todo.add(ImageListing.fromRow(r));
            }
        }
        long alreadyDone = listing.images().size() - found;
        return new WorkPlan(List.copyOf(todo), alreadyDone, found - todo.size());
    }
}
