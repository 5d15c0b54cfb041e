package io.faceembed.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.config.EmbedSettings;
import io.faceembed.testing.InstalledModels;
import io.faceembed.testing.TestFiles;
import io.faceembed.testing.TestPaths;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs of the same plan give the same rows, even when their commit waves differ: every partition is the same
 * chunk of the plan, so on a CPU each image shares its detector mosaic with the same neighbours.
 */
class RunToRunTest {

    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = Sessions.forTests();
    }

    @AfterAll
    static void stop() {
        PredictorHolder.closeAll();
        spark.stop();
    }

    @Test
    void wavesOfOtherSizesGiveTheSameFacesAndEmbeddings() {
        Path people = tmp.resolve("people");
        for (String person : List.of("Abdullah_Gul", "Al_Sharpton", "Amelia_Vega", "Ben_Affleck", "Bill_Frist",
                "Bob_Hope", "Bob_Stoops", "Boris_Becker", "Carmen_Electra")) {
            TestFiles.copyTree(TestPaths.people().resolve(person), people.resolve(person));
        }
        // Waves of 10 and of 18 images (rounded up to whole chunks of 4): with Spark's even slicing the chunks,
        // and so the mosaics, would differ between the runs.
        Map<String, float[]> a = embed(people, "a", 10);
        Map<String, float[]> b = embed(people, "b", 18);
        assertEquals(a.keySet(), b.keySet(), "the same faces of the same images");
        assertTrue(a.size() > 30, a.size() + " faces");
        for (Map.Entry<String, float[]> face : a.entrySet()) {
            float[] x = face.getValue();
            float[] y = b.get(face.getKey());
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-6, face.getKey() + " component " + i);
            }
        }
    }

    /** Embedding per (path, face index) after one job with commit waves of at least {@code dbBatch} images. */
    private Map<String, float[]> embed(Path folder, String store, int dbBatch) {
        EmbedSettings s = EmbedSettings.of(folder.toString(), false, 1, "Dlib", "ssd", 2, 4, dbBatch,
                "delta:" + tmp.resolve(store), "face_embeddings", null, null, false, false,
                InstalledModels.dir().toString(), "cpu", null, false);
        new EmbedJob(spark, PipelineOpener.MODELS, new PrintStream(OutputStream.nullOutputStream())).run(s);
        Map<String, float[]> faces = new TreeMap<>();
        for (Row r : spark.read().format("delta").load(tmp.resolve(store).toString())
                .where("status = 'ok'").select("path", "face_index", "embedding").collectAsList()) {
            List<Float> e = r.getList(2);
            float[] v = new float[e.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = e.get(i);
            }
            faces.put(r.getString(0) + "#" + r.get(1), v);
        }
        return faces;
    }
}
