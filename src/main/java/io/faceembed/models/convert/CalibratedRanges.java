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
 * The activation ranges that the 8-bit forms of dlib's recogniser and of the landmark net are built with, kept in
 * the project as small text resources ({@value #RECOGNISER}, {@value #LANDMARKS}) so that the model setup needs no
 * images and makes the same files everywhere. Each line: the point's index, then the least and greatest value seen
 * there; lines starting with {@code #} say how the ranges were measured (the calibration tests remeasure them and,
 * asked to, rewrite them).
 */
public final class CalibratedRanges {

    public static final String RECOGNISER = "dlib_face_recognition_int8.ranges";
    public static final String LANDMARKS = "face_landmark_68_int8.ranges";

    private CalibratedRanges() {
    }

    /** The ranges of resource {@code name} ({@link #RECOGNISER} or {@link #LANDMARKS}). */
    public static List<ActivationRange> read(String name) {
        try (InputStream in = CalibratedRanges.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the classpath");
            }
            return parse(name, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    static List<ActivationRange> parse(String name, List<String> lines) {
        List<ActivationRange> ranges = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            if (fields.length != 3 || Integer.parseInt(fields[0]) != ranges.size()) {
                throw new IllegalStateException(name + ": expected point " + ranges.size() + ", got '" + line
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
