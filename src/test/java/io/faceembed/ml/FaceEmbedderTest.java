package io.faceembed.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.config.PipelineSpec;
import io.faceembed.imaging.ImageDecoder;
import io.faceembed.inference.Face;
import io.faceembed.inference.FacePipeline;
import io.faceembed.inference.ImageOutcome;
import io.faceembed.job.Sessions;
import io.faceembed.models.PipelineFactory;
import io.faceembed.testing.InstalledModels;
import io.faceembed.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FaceEmbedder} as a notebook uses it, on real images through the real models: what it appends agrees with
 * the pipeline run image by image, paths and bytes give the same faces, a bad image is a row with its reason, and
 * wrong parameters fail at once, naming the parameter.
 */
class FaceEmbedderTest {

    /** Group scenes (several faces each) and one identity folder. */
    static final List<Path> IMAGES = Stream.of(TestPaths.sample().resolve("scenes"),
            TestPaths.people().resolve("Fidel_Castro")).toList();

    @TempDir
    static Path tmp;
    static SparkSession spark;
    static String models;

    @BeforeAll
    static void session() {
        spark = Sessions.forTests();
        models = InstalledModels.dir().toString();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static Dataset<Row> binaryFiles() {
        return spark.read().format("binaryFile").option("pathGlobFilter", "*.jpg")
                .load(IMAGES.stream().map(Path::toString).toArray(String[]::new));
    }

    /**
     * One image per model call: on CPU, small images that share a call share a detector mosaic, which moves their
     * faces a little (README, "Same input, same rows").
     */
    @Test
    void bytesGiveTheFacesOfThePipelineRunImageByImage() throws Exception {
        Dataset<Row> images = binaryFiles();
        List<Row> rows = new FaceEmbedder().setModelsDir(models).setBatchSize(1).transform(images)
                .select("path", "faces", "error").collectAsList();
        assertEquals(images.count(), rows.size(), "every input row comes out once");
        Map<String, List<Face>> expected = imageByImage(rows.stream().map(r -> r.getString(0)).toList());
        int faces = 0;
        for (Row r : rows) {
            String path = r.getString(0);
            assertNull(r.get(2), path);
            List<Row> got = r.getList(1);
            List<Face> want = expected.get(path);
            assertEquals(want.size(), got.size(), "faces of " + path);
            for (int i = 0; i < want.size(); i++) {
                Row f = got.get(i);
                assertEquals(i, f.getInt(f.fieldIndex("face_index")));
                assertEquals(want.get(i).detection().x1(), f.getFloat(f.fieldIndex("box_x1")), 1e-3f, path);
                assertEquals(want.get(i).detection().y2(), f.getFloat(f.fieldIndex("box_y2")), 1e-3f, path);
                double cos = cosine(want.get(i).embedding(), f.getList(f.fieldIndex("embedding")));
                assertTrue(cos > 0.9999, path + " face " + i + ": cosine " + cos + " to the pipeline's embedding");
            }
            faces += got.size();
        }
        assertTrue(faces > rows.size(), "group scenes hold several faces each: " + faces + " faces in " + rows.size());
    }

    @Test
    void pathsGiveWhatBytesGive() {
        Dataset<Row> images = binaryFiles();
        FaceEmbedder embedder = new FaceEmbedder().setModelsDir(models);
        Map<String, List<Row>> fromBytes = facesByPath(embedder.transform(images));
        Dataset<Row> paths = images.select("path");
        Map<String, List<Row>> fromPaths = facesByPath(embedder.setInputCol("path").transform(paths));
        assertEquals(fromBytes.keySet(), fromPaths.keySet());
        fromBytes.forEach((path, faces) -> {
            assertEquals(faces.size(), fromPaths.get(path).size(), path);
            for (int i = 0; i < faces.size(); i++) {
                assertEquals(faces.get(i).getList(7), fromPaths.get(path).get(i).getList(7), path);
            }
        });
    }

    @Test
    void aBadImageIsARowWithItsReasonAndTheOthersGoOn() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mixed"));
        Path good = TestPaths.people().resolve("Fidel_Castro").resolve("Fidel_Castro_0002.jpg");
        Files.copy(good, dir.resolve("good.jpg"));
        Files.write(dir.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00, 0x10});
        List<String> paths = List.of(dir.resolve("good.jpg").toUri().toString(),
                dir.resolve("broken.jpg").toUri().toString(), dir.resolve("gone.jpg").toUri().toString());
        Dataset<Row> input = spark.createDataset(paths, Encoders.STRING()).toDF("image");
        Map<String, Row> out = new HashMap<>();
        for (Row r : new FaceEmbedder().setModelsDir(models).setInputCol("image").transform(input).collectAsList()) {
            out.put(r.getString(0), r);
        }
        assertEquals(3, out.size());
        Row ok = out.get(paths.get(0));
        assertNull(ok.get(2));
        assertEquals(1, ok.getList(1).size());
        for (String bad : paths.subList(1, 3)) {
            assertNull(out.get(bad).get(1), bad);
            assertNotNull(out.get(bad).getString(2), bad);
        }
        assertTrue(out.get(paths.get(2)).getString(2).contains("does not exist"), out.get(paths.get(2)).getString(2));
    }

    @Test
    void wrongParametersFailAtOnceNamingTheParameter() {
        FaceEmbedder e = new FaceEmbedder();
        assertThrows(IllegalArgumentException.class, () -> e.setDevice("tpu"));
        assertThrows(IllegalArgumentException.class, () -> e.setMinConfidence(1.5));
        assertThrows(IllegalArgumentException.class, () -> e.setBatchSize(0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> e.setAugment("jitter1")).getMessage()
                .contains("augment"));
        Dataset<Row> numbers = spark.range(3).toDF("content");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> e.transform(numbers)).getMessage()
                .contains("inputCol"));
        Dataset<Row> taken = binaryFiles().withColumnRenamed("length", "faces");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> e.transformSchema(taken.schema()))
                .getMessage().contains("outputCol"));
    }

    @Test
    void copiesKeepTheParametersAndMakeTheJobsSpec() {
        FaceEmbedder e = new FaceEmbedder().setModelsDir(models).setAugment("none").setMinConfidence(0.7);
        FaceEmbedder copy = e.copy(ParamMap.empty());
        assertEquals(e.uid(), copy.uid());
        PipelineSpec spec = copy.pipelineSpec();
        assertEquals(PipelineSpec.DEFAULT_MODEL, spec.model());
        assertEquals("none", spec.augment().label());
        assertEquals(0.7f, spec.minConfidence());
        assertEquals(models, spec.modelsDir());
        assertTrue(e.explainParams().contains("minConfidence"));
    }

    private Map<String, List<Face>> imageByImage(List<String> uris) throws Exception {
        Map<String, List<Face>> faces = new HashMap<>();
        ImageDecoder decoder = new ImageDecoder();
        try (FacePipeline pipeline = PipelineFactory.open(PipelineSpec.defaults(models).onCpu())) {
            for (String uri : uris) {
                Path file = Path.of(java.net.URI.create(uri));
                ImageOutcome o = pipeline.process(List.of(decoder.decode(Files.readAllBytes(file), uri))).get(0);
                faces.put(uri, o.faces());
            }
        }
        return faces;
    }

    private static Map<String, List<Row>> facesByPath(Dataset<Row> out) {
        Map<String, List<Row>> faces = new HashMap<>();
        for (Row r : out.select("path", "faces").collectAsList()) {
            faces.put(r.getString(0), new ArrayList<>(r.getList(1)));
        }
        return faces;
    }

    private static double cosine(float[] a, List<Float> b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b.get(i);
            na += a[i] * a[i];
            nb += b.get(i) * b.get(i);
        }
        return dot / Math.sqrt(na * nb);
    }
}
