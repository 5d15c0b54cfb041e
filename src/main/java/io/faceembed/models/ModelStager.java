package io.faceembed.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceembed.config.EmbedOption;
import io.faceembed.config.PipelineSpec;
import io.faceembed.config.SettingsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * The driver's side of the model files: finds the files a pipeline reads ({@link ModelFiles}) in
 * {@code --models-dir}, a local folder or any Hadoop URI (copied to a local folder first), and checks each built-in
 * file against the sha256 in its manifest. A file that is missing or damaged fails here, before any Spark task,
 * with one line naming the file, the folder and the fix.
 *
 * <p>With a remote {@code --models-dir}, a built-in file it does not hold comes from the local {@code builtIns}
 * folder, converted there by the {@link ModelInstaller} when missing.
 */
public final class ModelStager {

    private final Configuration hadoop;
    private final Path builtIns;
    private final PrintStream log;

    public ModelStager(Configuration hadoop, Path builtIns, PrintStream log) {
        this.hadoop = hadoop;
        this.builtIns = builtIns;
        this.log = log;
    }

    /** {@code modelsDir} as a local folder: a plain path or a {@code file:} URI; {@code null} for other schemes. */
    public static Path localFolder(String modelsDir) {
        java.net.URI uri = new org.apache.hadoop.fs.Path(modelsDir).toUri();
        if (uri.getScheme() == null || uri.getScheme().equals("file")) {
            return Path.of(uri.getPath()).toAbsolutePath().normalize();
        }
        return null;
    }

    public StagedModels stage(PipelineSpec spec) {
        List<ModelFiles.Needed> needed = ModelFiles.of(spec);
        Path local = localFolder(spec.modelsDir());
        Map<String, String> origin = new HashMap<>();
        Path dir = local != null ? local : fetch(spec.modelsDir(), needed, origin);
        List<CheckedFile> checked = new ArrayList<>();
        for (ModelFiles.Needed n : needed) {
            String where = origin.getOrDefault(n.name(), spec.modelsDir());
            Path file = dir.resolve(n.name());
            if (!Files.isRegularFile(file)) {
                if (n.required()) {
                    throw new SettingsException(EmbedOption.MODELS_DIR, n.name() + " is missing in " + where + ": "
                            + n.howToGet());
                }
                continue;
            }
            String sha256 = ModelChecksums.sha256(file);
            if (n.builtIn()) {
                checkManifest(n, dir.resolve(n.manifest()), sha256, where, local);
            }
            checked.add(new CheckedFile(n.name(), sha256));
        }
        return new StagedModels(spec.modelsDir(), dir, checked);
    }

    private static void checkManifest(ModelFiles.Needed n, Path manifest, String sha256, String where, Path local) {
        String fix = local != null ? "run 'bin/faceembed models install --force --models-dir " + local + "'"
                : "run 'bin/faceembed models install --force' and copy models/ to " + where + " again";
        if (!Files.isRegularFile(manifest)) {
            throw new SettingsException(EmbedOption.MODELS_DIR, n.manifest() + " (the sha256 of " + n.name()
                    + ") is missing in " + where + ": " + fix);
        }
        String expected;
        try {
            expected = new ObjectMapper().readTree(manifest.toFile()).path("sha256").asText("");
        } catch (IOException e) {
            throw new SettingsException(EmbedOption.MODELS_DIR, "cannot read " + n.manifest() + " in " + where
                    + " (" + e.getMessage().lines().findFirst().orElse("") + "): " + fix);
        }
        if (!expected.equalsIgnoreCase(sha256)) {
            throw new SettingsException(EmbedOption.MODELS_DIR, n.name() + " in " + where + " does not match "
                    + n.manifest() + " (sha256 " + sha256 + ", expected " + expected
                    + "): the file is damaged or from another version; " + fix);
        }
    }

    /**
     * Copies what the pipeline needs from a remote folder (built-in files with their manifests) into a new local
     * folder, deleted when the driver's JVM exits (Spark serves the executors from it until then).
     */
    private Path fetch(String modelsDir, List<ModelFiles.Needed> needed, Map<String, String> origin) {
        org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(modelsDir);
        try {
            FileSystem fs = remote.getFileSystem(hadoop);
            if (!fs.exists(remote)) {
                throw new SettingsException(EmbedOption.MODELS_DIR, modelsDir + " does not exist");
            }
            if (!fs.getFileStatus(remote).isDirectory()) {
                throw new SettingsException(EmbedOption.MODELS_DIR, modelsDir + " is a file, not a folder of models");
            }
            Path dir = Files.createTempDirectory("faceembed-models-");
            dir.toFile().deleteOnExit();
            for (ModelFiles.Needed n : needed) {
                org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(remote, n.name());
                if (fs.isFile(file)) {
                    copy(fs, file, dir.resolve(n.name()));
                    if (n.builtIn() && fs.isFile(new org.apache.hadoop.fs.Path(remote, n.manifest()))) {
                        copy(fs, new org.apache.hadoop.fs.Path(remote, n.manifest()), dir.resolve(n.manifest()));
                    }
                } else if (n.builtIn()) {
                    installBuiltIns();
                    for (String name : List.of(n.name(), n.manifest())) {
                        Files.copy(builtIns.resolve(name), track(dir.resolve(name)));
                    }
                    origin.put(n.name(), builtIns.toString());
                }
            }
            return dir;
        } catch (IOException | IllegalArgumentException e) { // Hadoop's way to say "unknown host" is the latter
            throw new SettingsException(EmbedOption.MODELS_DIR, "cannot read " + modelsDir + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("")));
        }
    }

    private void installBuiltIns() {
        try {
            new ModelInstaller(builtIns).installIfMissing(log);
        } catch (IOException e) {
            throw new ModelUnavailableException("setting up the built-in models in " + builtIns + " failed: "
                    + e.getMessage().lines().findFirst().orElse(e.toString()));
        }
    }

    private static void copy(FileSystem fs, org.apache.hadoop.fs.Path from, Path to) throws IOException {
        try (InputStream in = fs.open(from)) {
            Files.copy(in, track(to));
        }
    }

    private static Path track(Path file) {
        file.toFile().deleteOnExit();
        return file;
    }
}
