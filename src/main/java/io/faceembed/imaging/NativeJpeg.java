package io.faceembed.imaging;

import java.util.Locale;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.leptonica.global.leptonica;

/**
 * Leptonica's natives (libjpeg-turbo linked in), loaded once per JVM on first use, so only JVMs that decode a JPEG
 * load them (a driver never does).
 */
final class NativeJpeg {

    private NativeJpeg() {
    }

    /** Null when the natives are loaded; else why not (this platform has none in the jar, or they failed to load). */
    static String unavailableReason() {
        return Holder.UNAVAILABLE;
    }

    private static final class Holder {
        static final String UNAVAILABLE = load();

        private static String load() {
            try {
                Loader.load(leptonica.class);
                // Leptonica writes its own warnings to stderr; the decoder reports what matters itself.
                leptonica.setMsgSeverity(leptonica.L_SEVERITY_NONE);
                return null;
            } catch (LinkageError | RuntimeException e) {
                return String.format(Locale.ROOT, "no native libjpeg-turbo for %s-%s (%s)",
                        System.getProperty("os.name"), System.getProperty("os.arch"), e);
            }
        }
    }
}
