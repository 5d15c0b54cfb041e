package io.faceembed.config;

import java.io.Serializable;
import java.util.Locale;

/**
 * Test-time augmentation: which extra views of each face the landmark net and the recogniser see, to make an
 * embedding depend less on one view's noise. More views, more work per face.
 *
 * @param mirror       the landmarks are averaged with those found on the mirrored crop, and (without jitter) the
 *                     embedding with that of the mirrored chip
 * @param jitterCopies when above zero, the embedding is the mean over this many of dlib's jittered re-cuts of the
 *                     chip (shifted, zoomed, turned, mirrored at random from a fixed seed) instead of chip + mirror
 */
public record Augmentation(boolean mirror, int jitterCopies) implements Serializable {

    public static final Augmentation NONE = new Augmentation(false, 0);
    public static final Augmentation MIRROR = new Augmentation(true, 0);
    public static final String DEFAULT_LABEL = "mirror"; // a constant: picocli's default in annotations
    public static final String LABELS = "none, mirror or jitterN (N = 2..64)";
    static final int MAX_JITTER = 64;

    public Augmentation {
        if (jitterCopies < 0 || jitterCopies == 1 || jitterCopies > MAX_JITTER) {
            throw new IllegalArgumentException("jitter copies must be 0 or 2.." + MAX_JITTER + ", got " + jitterCopies);
        }
        if (jitterCopies > 0 && !mirror) {
            throw new IllegalArgumentException("jitter comes with mirrored landmarks");
        }
    }

    /** {@code none}, {@code mirror} or {@code jitterN}. */
    public static Augmentation parse(String label) {
        String l = label.trim().toLowerCase(Locale.ROOT);
        if (l.equals("none")) {
            return NONE;
        }
        if (l.equals("mirror")) {
            return MIRROR;
        }
        if (l.startsWith("jitter")) {
            try {
                int n = Integer.parseInt(l.substring("jitter".length()));
                if (n >= 2 && n <= MAX_JITTER) {
                    return new Augmentation(true, n);
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException("'" + label + "' is not " + LABELS);
    }

    public boolean jitters() {
        return jitterCopies > 0;
    }

    /** The label {@link #parse} reads; also what the pipeline signature records. */
    public String label() {
        return jitters() ? "jitter" + jitterCopies : mirror ? "mirror" : "none";
    }
}
