package io.faceembed.eval;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared test images: {@code -Dfaceembed.shared} (surefire sets ../shared), else /work/shared. */
final class SharedFaces {

    private SharedFaces() {
    }

    static Path faces() {
        String prop = System.getProperty("faceembed.shared");
        if (prop != null && Files.isDirectory(Path.of(prop, "faces"))) {
            return Path.of(prop, "faces");
        }
        return Path.of("/work/shared/faces");
    }

    static Path sample() {
        return faces().resolve("sample");
    }

    static Path lfwDev() {
        return faces().resolve("lfw-dev");
    }
}
