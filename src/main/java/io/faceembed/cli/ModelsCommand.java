package io.faceembed.cli;

import io.faceembed.models.ModelInstaller;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code faceembed models install}: converts the built-in models into the models folder. */
@Command(name = "models", description = "Set up the built-in face models (face-api's weights converted to ONNX).")
public final class ModelsCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "install: fetch face-api's npm package and write the ONNX models")
    String action;

    @Option(names = "--models-dir", defaultValue = "models", description = "Folder for the model files (default: ${DEFAULT-VALUE}).")
    Path modelsDir;

    @Option(names = "--force", description = "Convert again even when the files exist.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (!action.equals("install")) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "models: unknown action '" + action + "' (expected: install)");
        }
        ModelInstaller installer = new ModelInstaller(modelsDir);
        if (force) {
            installer.install(System.out);
        } else if (installer.isInstalled()) {
            System.out.println("models: already installed in " + modelsDir.toAbsolutePath());
        } else {
            installer.install(System.out);
        }
        return FaceEmbed.EXIT_OK;
    }
}
