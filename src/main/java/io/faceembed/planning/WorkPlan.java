package io.faceembed.planning;

import io.faceembed.listing.ImageFile;
import java.util.ArrayList;
import java.util.List;

/**
 * What this run will embed, in path order, and why the other listed images are left out.
 *
 * @param alreadyDone  listed images (after --min-images) whose key is stored for this signature
 * @param overLimit    images to do that --limit leaves for a later run
 */
public record WorkPlan(List<ImageFile> todo, long alreadyDone, long overLimit) {

    /** The to-do list cut into commit waves of at most {@code waveSize} images (contiguous path ranges). */
    public List<List<ImageFile>> waves(int waveSize) {
        List<List<ImageFile>> waves = new ArrayList<>();
        for (int from = 0; from < todo.size(); from += waveSize) {
            waves.add(todo.subList(from, Math.min(todo.size(), from + waveSize)));
        }
        return waves;
    }

    /** Partitions for {@code images} images: one per chunk, the unit a free task slot picks up. */
    public static int partitions(int images, int chunkSize) {
        return Math.max(1, (images + chunkSize - 1) / chunkSize);
    }
}
