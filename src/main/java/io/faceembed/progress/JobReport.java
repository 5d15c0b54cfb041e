package io.faceembed.progress;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The end-of-run report; its JSON form ({@code --report}) has exactly these keys.
 *
 * @param listed           image files found under --folder
 * @param skippedDone      images already stored for this pipeline signature
 * @param skippedMinImages images in folders with fewer than --min-images images
 * @param embedded         images embedded in this run with at least one face
 * @param noFace           images processed in this run without a face
 * @param failed           images that could not be read, decoded or embedded in this run
 * @param faces            faces embedded in this run
 * @param seconds          wall time of the run
 * @param imagesPerSecond  images processed (embedded + noFace + failed) per second of embedding
 */
@JsonPropertyOrder({"listed", "skippedDone", "skippedMinImages", "embedded", "noFace", "failed", "faces", "seconds",
        "imagesPerSecond"})
public record JobReport(long listed, long skippedDone, long skippedMinImages, long embedded, long noFace,
                        long failed, long faces, double seconds, double imagesPerSecond) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public long processed() {
        return embedded + noFace + failed;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void writeJson(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson() + "\n");
    }

    /** The human-readable summary printed at the end. */
    public String summary() {
        return String.format(Locale.ROOT,
                "listed %,d images: %,d already done, %,d in folders below --min-images; "
                        + "embedded %,d (%,d faces), no face %,d, failed %,d in %.1f s (%.1f images/s)",
                listed, skippedDone, skippedMinImages, embedded, faces, noFace, failed, seconds, imagesPerSecond);
    }
}
