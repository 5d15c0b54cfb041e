package io.faceembed.imaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The shared test images ({@link io.faceembed.testing.TestPaths}) and the edge-case manifest. */
final class SharedImages {

    private SharedImages() {
    }

    static Path faces() {
        return io.faceembed.testing.TestPaths.faces();
    }

    static Path sample() {
        return faces().resolve("sample");
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> peopleJpegs() {
        try (Stream<Path> files = Files.walk(sample().resolve("people"))) {
            return files.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".jpg")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A row of sample/manifest.csv. */
    record ManifestRow(String path, String source, String sourcePath, String license, String note) {

        /** The LFW (or other) image this file was generated from, if the collection holds it. */
        Optional<Path> sourceImage() {
            if (sourcePath.isEmpty()) {
                return Optional.empty();
            }
            return Stream.of(sample().resolve("people").resolve(sourcePath),
                            faces().resolve("lfw-dev/images").resolve(sourcePath))
                    .filter(Files::isRegularFile).findFirst();
        }
    }

    static List<ManifestRow> manifest(String folderPrefix) {
        try {
            List<String> lines = Files.readAllLines(sample().resolve("manifest.csv"), StandardCharsets.UTF_8);
            List<ManifestRow> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                List<String> f = parseCsvLine(line);
                if (f.size() >= 5 && f.get(0).startsWith(folderPrefix)) {
                    rows.add(new ManifestRow(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4)));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> parseCsvLine(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
