package io.faceembed.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SHA-256 of model files, each read once per JVM while it keeps its size and modification time: an executor's
 * check of a file it received and the pipeline's signature would otherwise hash the same 45 MB twice.
 */
public final class ModelChecksums {

    private record Seen(Path file, long size, FileTime modified) {
    }

    private static final Map<Seen, String> SEEN = new ConcurrentHashMap<>();

    private ModelChecksums() {
    }

    /** The SHA-256 of bytes in memory, in the form the manifests use (lower-case hex). */
    public static String sha256(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(ModelInstaller.digest("SHA-256", bytes));
    }

    public static String sha256(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Seen key = new Seen(file.toRealPath(), attributes.size(), attributes.lastModifiedTime());
            String known = SEEN.get(key);
            if (known == null) {
                known = ModelInstaller.sha256(file);
                SEEN.put(key, known);
            }
            return known;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
