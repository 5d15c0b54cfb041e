package io.faceembed.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where tests find the shared test images and the installed models. */
public final class TestPaths {

    private TestPaths() {
    }

    /** {@code ../shared} beside the project (system property {@code faceembed.shared}). */
    public static Path shared() {
        String prop = System.getProperty("faceembed.shared");
        if (prop != null && Files.isDirectory(Path.of(prop, "faces"))) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path sibling = Path.of("..", "shared").toAbsolutePath().normalize();
        return Files.isDirectory(sibling) ? sibling : Path.of("/work/shared");
    }

    public static Path faces() {
        return shared().resolve("faces");
    }

    public static Path sample() {
        return faces().resolve("sample");
    }

    public static Path people() {
        return sample().resolve("people");
    }

    /** The hostile edge-case files. */
    public static Path edge() {
        return sample().resolve("edge");
    }

    /** LFW folds 1-5 in the official pairs format. */
    public static Path lfwDev() {
        return faces().resolve("lfw-dev");
    }

    /** The project's models folder (system property {@code faceembed.models}, else ./models). */
    public static Path models() {
        String prop = System.getProperty("faceembed.models");
        return (prop != null ? Path.of(prop) : Path.of("models")).toAbsolutePath().normalize();
    }
}
