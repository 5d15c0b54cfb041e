package io.faceembed.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.config.PipelineSpec;
import io.faceembed.config.SettingsException;
import io.faceembed.testing.InstalledModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver finds a pipeline's files in a remote --models-dir (read through Hadoop) and checks them. */
class ModelStagerTest {

    @TempDir
    Path tmp;

    private static ModelStager stager() {
        Configuration conf = new Configuration(false);
        conf.set("fs.remote.impl", RemoteLikeFileSystem.class.getName());
        conf.setBoolean("fs.remote.impl.disable.cache", true);
        return new ModelStager(conf, InstalledModels.dir(), new PrintStream(new ByteArrayOutputStream()));
    }

    private static PipelineSpec spec(String model, Path remoteDir) {
        return new PipelineSpec(model, "ssd", "remote://" + remoteDir, "cpu", 0, 0.5f);
    }

    @Test
    void aRemoteFolderIsCopiedAndBuiltInsItLacksComeFromTheLocalInstall() throws IOException {
        Path remote = Files.createDirectories(tmp.resolve("remote-models"));
        BuiltInModel ssd = BuiltInModel.SSD_MOBILENET_V1;
        for (String file : List.of(ssd.onnxFile(), ssd.manifestFile())) {
            Files.createLink(remote.resolve(file), InstalledModels.dir().resolve(file));
        }
        StagedModels staged = stager().stage(spec("Dlib", remote));
        assertNotEquals(remote, staged.dir());
        assertEquals(List.of(ssd.onnxFile(), BuiltInModel.FACE_RECOGNITION.onnxFile(),
                BuiltInModel.FACE_LANDMARK_68.onnxFile()), staged.files().stream().map(CheckedFile::name).toList());
        for (CheckedFile f : staged.files()) {
            assertEquals(ModelInstaller.sha256(InstalledModels.dir().resolve(f.name())), f.sha256(), f.name());
            assertEquals(f.sha256(), ModelInstaller.sha256(staged.dir().resolve(f.name())), f.name());
        }
    }

    @Test
    void aUserModelMissingInARemoteFolderIsNamedWithTheUri() throws IOException {
        Path remote = Files.createDirectories(tmp.resolve("remote-models"));
        SettingsException e = assertThrows(SettingsException.class, () -> stager().stage(spec("mine", remote)));
        assertEquals("--models-dir: mine.onnx is missing in remote://" + remote + ": a custom model needs mine.onnx"
                + " and mine.json; see README 'Models'", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aMissingRemoteFolderIsSaidSo() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> stager().stage(spec("Dlib", tmp.resolve("nowhere"))));
        assertTrue(e.getMessage().endsWith("nowhere does not exist"), e.getMessage());
    }
}
