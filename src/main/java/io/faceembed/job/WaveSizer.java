package io.faceembed.job;

/**
 * How many images the next commit wave takes. The first wave takes the settings' minimum ({@code --db-batch-size},
 * at least one chunk per worker); each later one as many as the last full wave's rate embeds in
 * {@value #TARGET_SECONDS} seconds, at most {@value #MAX_GROWTH} times the last size and {@value #MAX_IMAGES}
 * images. A commit then costs a few percent of the work it covers whatever the hardware: a Delta MERGE takes
 * ~1.5 s on 2 cores whether it holds 1,000 rows or 30,000, which 1,000-image waves paid every ~6 s on a CPU and
 * would pay every second on a GPU. A crash still loses at most the two waves in flight, about a minute of work.
 */
final class WaveSizer {

    static final double TARGET_SECONDS = 30;
    static final int MAX_GROWTH = 4;
    static final int MAX_IMAGES = 100_000;

    private final int minimum;
    private int next;

    WaveSizer(int minimum) {
        if (minimum < 1) {
            throw new IllegalArgumentException("wave size must be at least 1, got " + minimum);
        }
        this.minimum = Math.min(minimum, MAX_IMAGES);
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
        next = (int) Math.max(minimum, Math.min(MAX_IMAGES, grown));
    }
}
