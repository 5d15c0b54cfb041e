package io.faceembed.job;

/**
 * How many images the next commit wave takes. The first wave takes the settings' minimum ({@code --db-batch-size},
 * at least one chunk per worker); each later one as many as the last full wave's rate embeds in
 * {@value #TARGET_SECONDS} seconds, at most {@value #MAX_GROWTH} times the last size and {@value #MAX_IMAGES}
 * images. A commit then costs a few percent of the work it covers whatever the hardware: a Delta MERGE takes
 * ~1.5 s on 2 cores whether it holds 1,000 rows or 30,000, which 1,000-image waves paid every ~6 s on a CPU and
 * would pay every second on a GPU. A crash still loses at most the two waves in flight, about a minute of work.
 * Every wave is a whole number of chunks, so the job's partitions are the same chunks of the plan however fast
 * the waves went: an image meets the same batch neighbours in every run of the same plan (on a CPU the
 * detector's mosaics make its faces depend slightly on them).
 */
final class WaveSizer {

    static final double TARGET_SECONDS = 30;
    static final int MAX_GROWTH = 4;
    static final int MAX_IMAGES = 100_000;

    private final int minimum;
    private final int chunk;
    private int next;

    /**
     * @param minimum images of the first wave and of every later one at least
     * @param chunk   images per partition: every size is a multiple of it
     */
    WaveSizer(int minimum, int chunk) {
        if (minimum < 1 || chunk < 1) {
            throw new IllegalArgumentException("wave size and chunk must be at least 1, got " + minimum + ", " + chunk);
        }
        this.chunk = chunk;
        this.minimum = wholeChunks(Math.min(minimum, MAX_IMAGES));
        this.next = this.minimum;
    }

    /** Images for the next wave. */
    int next() {
        return next;
    }

    /**
     * Records that a wave of {@code images} took {@code seconds} to embed. A wave smaller than asked (the last
     * one) says nothing about the next size.
     */
    void embedded(int images, double seconds) {
        if (images < next || seconds <= 0) {
            return;
        }
        double fill = images / seconds * TARGET_SECONDS;
        long grown = Math.min((long) next * MAX_GROWTH, (long) Math.ceil(fill));
        next = wholeChunks((int) Math.max(minimum, Math.min(MAX_IMAGES, grown)));
    }

    /** {@code images} rounded up to whole chunks. */
    private int wholeChunks(int images) {
        return (int) Math.min(Integer.MAX_VALUE, ((long) images + chunk - 1) / chunk * chunk);
    }
}
