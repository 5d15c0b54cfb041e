package io.faceembed.models.convert;

import io.faceembed.models.onnx.ActivationRange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The activation ranges of dlib's recogniser that its 8-bit form is built with, kept in the project as a small text
 * resource ({@value #RESOURCE}) so that the model setup needs no images and makes the same file everywhere. Each
 * line: the point's index, then the least and greatest value seen there; lines starting with {@code #} say how
 * the ranges were measured ({@code RecogniserCalibration} in the tests remeasures and rewrites them).
 */
public final class RecogniserRanges {

    public static final String RESOURCE = "dlib_face_recognition_int8.ranges";

    private RecogniserRanges() {
    }

    public static List<ActivationRange> calibrated() {
        try (InputStream in = RecogniserRanges.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the classpath");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static List<ActivationRange> parse(List<String> lines) {
        List<ActivationRange> ranges = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            if (fields.length != 3 || Integer.parseInt(fields[0]) != ranges.size()) {
                throw new IllegalStateException(RESOURCE + ": expected point " + ranges.size() + ", got '" + line
                        + "'");
            }
            ranges.add(new ActivationRange(Float.parseFloat(fields[1]), Float.parseFloat(fields[2])));
        }
        return List.copyOf(ranges);
    }

    /** The lines of the resource for {@code ranges}, after the comment lines {@code header}. */
    public static List<String> format(List<String> header, List<ActivationRange> ranges) {
        List<String> lines = new ArrayList<>();
        header.forEach(h -> lines.add("# " + h));
        for (int i = 0; i < ranges.size(); i++) {
            lines.add(String.format(Locale.ROOT, "%d %s %s", i, ranges.get(i).min(), ranges.get(i).max()));
        }
        return lines;
    }
}
