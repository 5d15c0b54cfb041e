package io.faceembed.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/** Keeps Spark's INFO chatter off the console unless --verbose; faceembed's own INFO lines (GPU warm-up) stay. */
final class Logging {

    private Logging() {
    }

    static void quiet(boolean verbose) {
        try {
            Configurator.setRootLevel(verbose ? Level.WARN : Level.ERROR);
            Configurator.setLevel("io.faceembed", Level.INFO);
        } catch (LinkageError e) {
            // another logging backend: Spark's own setLogLevel below still applies
        }
    }
}
