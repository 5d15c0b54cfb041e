package io.faceembed;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared test images ({@code ../shared/faces}), found from the system property surefire sets. */
public final class SharedFaces {

    private SharedFaces() {
    }

    public static Path root() {
        String prop = System.getProperty("faceembed.shared");
        Path p = prop == null ? null : Path.of(prop, "faces");
        if (p == null || !Files.isDirectory(p)) {
            p = Path.of("/work/shared/faces");
        }
        return p.toAbsolutePath().normalize();
    }

    public static Path people() {
        return root().resolve("sample/people");
    }

    public static Path edge() {
        return root().resolve("sample/edge");
    }

    /** The models folder of this checkout (surefire's {@code faceembed.models}). */
    public static Path models() {
        return Path.of(System.getProperty("faceembed.models", "models")).toAbsolutePath().normalize();
    }
}
