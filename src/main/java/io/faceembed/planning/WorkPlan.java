package io.faceembed.planning;

import io.faceembed.listing.ImageFile;
import java.util.List;

/**
 * What this run will embed, in path order, and why the other listed images are left out.
 *
 * @param alreadyDone  listed images (after --min-images) whose key is stored for this signature
 * @param overLimit    images to do that --limit leaves for a later run
 */
public record WorkPlan(List<ImageFile> todo, long alreadyDone, long overLimit) {

    /** Partitions for {@code images} images: one per chunk, the unit a free task slot picks up. */
    public static int partitions(int images, int chunkSize) {
        return Math.max(1, (images + chunkSize - 1) / chunkSize);
    }
}
