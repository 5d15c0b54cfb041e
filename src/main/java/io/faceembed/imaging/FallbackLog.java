package io.faceembed.imaging;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the log when a decoder declines a file: the first time for each reason in this JVM at WARN, naming the
 * file; later ones at DEBUG (they are counted in {@link DecodeStats}).
 */
final class FallbackLog {

    private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);
    private static final int MAX_REASONS = 1000;
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private FallbackLog() {
    }

    static void declined(String decoder, String reason, String next, String file) {
        boolean first = SEEN.size() < MAX_REASONS && SEEN.add(decoder + ": " + reason);
        if (first) {
            LOG.warn("{} declined {} ({}); {} decodes it and every such file after it (logged at DEBUG)", decoder,
                    file, reason, next);
        } else {
            LOG.debug("{} declined {} ({}); {} decodes it", decoder, file, reason, next);
        }
    }
}
