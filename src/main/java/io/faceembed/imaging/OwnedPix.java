package io.faceembed.imaging;

import static org.bytedeco.leptonica.global.leptonica.pixDestroy;

import org.bytedeco.leptonica.PIX;

/**
 * A Leptonica image this code owns: closing it frees the native pixels (javacpp attaches no deallocator to a
 * {@link PIX} that a native function returns). A borrowed view of it closes nothing.
 */
final class OwnedPix implements AutoCloseable {

    private final PIX pix;
    private final boolean owner;

    private OwnedPix(PIX pix, boolean owner) {
        this.pix = pix;
        this.owner = owner;
    }

    /** Ownership of what a Leptonica function returned; null for a null (failed) result. */
    static OwnedPix of(PIX pix) {
        return pix == null || pix.isNull() ? null : new OwnedPix(pix, true);
    }

    PIX pix() {
        return pix;
    }

    /** The same pixels, for a try-with-resources that must not free them (the owner does). */
    OwnedPix borrowed() {
        return new OwnedPix(pix, false);
    }

    @Override
    public void close() {
        if (owner) {
            pixDestroy(pix);
        }
    }
}
