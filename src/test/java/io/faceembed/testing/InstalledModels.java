package io.faceembed.testing;

import io.faceembed.models.ModelInstaller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Makes sure the built-in models exist (converting them once per checkout) before a test uses them. */
public final class InstalledModels {

    private InstalledModels() {
    }

    public static synchronized Path dir() {
        Path dir = TestPaths.models();
        try {
            new ModelInstaller(dir).installIfMissing(System.out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the built-in models into " + dir, e);
        }
        return dir;
    }

    /** face-api's unpacked package (its {@code model/} folder holds the TensorFlow.js weights). */
    public static synchronized Path faceApiPackage() {
        ModelInstaller installer = new ModelInstaller(dir());
        if (!java.nio.file.Files.isDirectory(installer.weightsDir())) {
            try {
                installer.install(System.out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot unpack face-api's weights", e);
            }
        }
        return installer.weightsDir().getParent();
    }
}
