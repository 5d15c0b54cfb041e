package io.faceembed.imaging;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one {@link ImageDecoder} did: images and decode time per (decoder, format, size class, how it reached the
 * working size), and how often the native JPEG path declined and why. Thread-safe; the bench prints it.
 */
public final class DecodeStats {

    /** One group of decoded images. {@code sizeClass} is of the file's own size, e.g. "4-16 MP". */
    public record Row(String decoder, String format, String sizeClass, String method, long images, double totalMs) {

        public double msPerImage() {
            return totalMs / images;
        }

        /** Whether these were second decodes of files, finer, for their small faces. */
        public boolean finer() {
            return method.endsWith(FINER);
        }
    }

    /** How the method of a finer decode ends ({@link DecodedImage#decodedAt}). */
    static final String FINER = ", finer";

    private static final List<String> SIZE_CLASSES = List.of("<=1 MP", "1-4 MP", "4-16 MP", "16-32 MP", ">32 MP");

    private record Key(String decoder, String format, String sizeClass, String method) {
    }

    private final Map<Key, LongAdder[]> decoded = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> declined = new ConcurrentHashMap<>();

    void decoded(String decoder, ImageFormat format, DecodedImage image, String method, long nanos) {
        double megapixels = image.width() * image.scale() * image.height() * image.scale() / 1e6;
        LongAdder[] counts = decoded.computeIfAbsent(new Key(decoder, format.displayName(), sizeClass(megapixels),
                method), k -> new LongAdder[] {new LongAdder(), new LongAdder()});
        counts[0].increment();
        counts[1].add(nanos);
    }

    void declined(String decoder, String reason) {
        declined.computeIfAbsent(decoder + ": " + reason, k -> new LongAdder()).increment();
    }

    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        decoded.forEach((k, v) -> rows.add(new Row(k.decoder(), k.format(), k.sizeClass(), k.method(), v[0].sum(),
                v[1].sum() / 1e6)));
        rows.sort(Comparator.comparing(Row::format).thenComparing(r -> SIZE_CLASSES.indexOf(r.sizeClass()))
                .thenComparing(Row::decoder).thenComparing(Row::method));
        return rows;
    }

    /** "decoder: reason" to how many files it declined for that reason (each then went to the next decoder). */
    public Map<String, Long> declines() {
        Map<String, Long> out = new java.util.TreeMap<>();
        declined.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    static String sizeClass(double megapixels) {
        double[] upTo = {1, 4, 16, 32};
        for (int i = 0; i < upTo.length; i++) {
            if (megapixels <= upTo[i]) {
                return SIZE_CLASSES.get(i);
            }
        }
        return SIZE_CLASSES.get(upTo.length);
    }
}
