package io.faceembed.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.config.EmbedSettings;
import io.faceembed.config.PipelineSpec;
import io.faceembed.config.SettingsException;
import io.faceembed.inference.FacePipeline;
import io.faceembed.models.BuiltInModel;
import io.faceembed.models.ModelChecksums;
import io.faceembed.progress.JobReport;
import io.faceembed.testing.InstalledModels;
import io.faceembed.testing.TestFiles;
import io.faceembed.testing.TestPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model files travel with the job: the driver checks them and ships them through Spark, and the executors
 * open the copies Spark delivered, never {@code --models-dir} (on a cluster the executors cannot see it).
 */
class ModelShippingTest {

    private static final List<BuiltInModel> PIPELINE = List.of(BuiltInModel.SSD_MOBILENET_V1,
            BuiltInModel.FACE_LANDMARK_68, BuiltInModel.FACE_RECOGNITION);

    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSpark() {
        InstalledModels.dir();
        spark = Sessions.forTests();
    }

    @AfterAll
    static void stopSpark() {
        PredictorHolder.closeAll();
        spark.stop();
    }

    @BeforeEach
    void noPipelineOpenYet() {
        PredictorHolder.closeAll();
        RemovesModelsDirThenOpens.opened.clear();
    }

    /**
     * Opens the real models, after deleting {@code --models-dir}: so a pipeline read from that folder, and not from
     * what Spark shipped, cannot open. An enum, so that the copy a task deserializes is the same opener.
     */
    enum RemovesModelsDirThenOpens implements PipelineOpener {
        INSTANCE;

        static final List<String> opened = Collections.synchronizedList(new java.util.ArrayList<>());
        static volatile Path modelsDir;

        @Override
        public boolean readsModelFiles() {
            return true;
        }

        @Override
        public FacePipeline open(PipelineSpec spec) {
            deleteTree(modelsDir);
            opened.add(spec.modelsDir());
            return PipelineOpener.MODELS.open(spec);
        }
    }

    /** The models folder given as a file: URI, as a cluster's Hadoop path would be. */
    @Test
    void aFileUriModelsDirIsShippedAndExecutorsOpenSparksCopiesNotTheFolder() throws IOException {
        Path models = linkedModels(tmp.resolve("models"));
        RemovesModelsDirThenOpens.modelsDir = models;
        Set<String> shippedBefore = ModelShipment.shipped(spark.sparkContext());
        JobReport r = run(models.toUri().toString(), RemovesModelsDirThenOpens.INSTANCE);
        assertEquals(6, r.processed());
        assertTrue(r.faces() >= 6, "faces: " + r.faces());
        assertFalse(Files.exists(models), "the models folder was gone before the pipeline opened");
        assertFalse(RemovesModelsDirThenOpens.opened.isEmpty());
        Path shipped = Path.of(SparkFiles.getRootDirectory()).toRealPath();
        for (String dir : RemovesModelsDirThenOpens.opened) {
            assertTrue(Path.of(dir).toRealPath().startsWith(shipped), dir + " is not under " + shipped);
        }
        Set<String> expected = new TreeSet<>();
        for (BuiltInModel m : PIPELINE) {
            expected.add(ModelChecksums.sha256(InstalledModels.dir().resolve(m.onnxFile())));
        }
        Set<String> shippedNow = ModelShipment.shipped(spark.sparkContext());
        assertTrue(shippedNow.containsAll(expected), "the pipeline's files are shipped: " + shippedNow);
        shippedNow.removeAll(shippedBefore);
        assertTrue(expected.containsAll(shippedNow), "only the pipeline's files are shipped: " + shippedNow);
    }

    @Test
    void aDamagedModelFailsOnTheDriverWithOneLineBeforeAnyTask() throws IOException {
        Path models = linkedModels(tmp.resolve("models"));
        String damaged = BuiltInModel.FACE_RECOGNITION.onnxFile();
        Files.delete(models.resolve(damaged));
        Files.copy(InstalledModels.dir().resolve(damaged), models.resolve(damaged));
        flipOneByte(models.resolve(damaged));
        spark.sparkContext().setJobGroup("damaged-model", "a job whose model file is damaged", false);
        try {
            SettingsException e = assertThrows(SettingsException.class,
                    () -> run(models.toString(), PipelineOpener.MODELS));
            String message = e.getMessage();
            assertFalse(message.contains("\n"), message);
            assertTrue(message.startsWith("--models-dir: " + damaged + " in " + models), message);
            assertTrue(message.contains("does not match " + BuiltInModel.FACE_RECOGNITION.manifestFile()), message);
            assertTrue(message.contains("bin/faceembed models install --force"), message);
        } finally {
            spark.sparkContext().clearJobGroup();
        }
        assertEquals(0, spark.sparkContext().statusTracker().getJobIdsForGroup("damaged-model").length,
                "no Spark job ran");
        String damagedSha = ModelChecksums.sha256(models.resolve(damaged));
        assertFalse(ModelShipment.shipped(spark.sparkContext()).contains(damagedSha),
                "the damaged file is not shipped");
    }

    private JobReport run(String modelsDir, PipelineOpener opener) {
        Path people = tmp.resolve("people");
        if (!Files.isDirectory(people)) {
            TestFiles.copyTree(TestPaths.people().resolve("Abdullah_Gul"), people.resolve("Abdullah_Gul"));
        }
        EmbedSettings s = EmbedSettings.of(people.toString(), false, 1, "Dlib", "ssd", 2, 4, 8,
                "delta:" + tmp.resolve("store"), "face_embeddings", null, null, false, false, modelsDir, "cpu",
                null, false);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new EmbedJob(spark, opener, out).run(s);
    }

    /** The pipeline's installed files with their manifests, as links (no copy of ~45 MB). */
    private static Path linkedModels(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (BuiltInModel m : PIPELINE) {
            for (String file : List.of(m.onnxFile(), m.manifestFile())) {
                Files.createLink(dir.resolve(file), InstalledModels.dir().resolve(file));
            }
        }
        return dir;
    }

    private static void flipOneByte(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long at = ch.size() / 2;
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x01)).rewind();
            ch.write(b, at);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
