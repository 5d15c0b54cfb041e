package io.faceembed.inference.onnx;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import io.faceembed.inference.dlib.DlibEmbedder;
import io.faceembed.models.BuiltInModel;
import io.faceembed.testing.InstalledModels;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The engine choice of the models issue, measured: the built-in 128-D embedder on one batch of 16 chips, run by
 * ONNX Runtime's Java API directly (our {@link OnnxModel}) and by DJL's OnnxRuntime engine, same ONNX Runtime
 * build and the same intra-op threads. Prints ms per batch and faces/s for both and the largest difference of
 * their outputs. Measures, never asserts a timing: {@code mvn test -Dtest=DjlVersusOrtReport}.
 */
class DjlVersusOrtReport {

    private static final int BATCH = 16;
    private static final int SIZE = DlibEmbedder.CHIP_SIZE;
    private static final int WARM_UP = 5;
    private static final int RUNS = 30;

    @Test
    void printsBatchLatencyOfBothEngines() throws Exception {
        System.setProperty("ai.djl.offline", "true");
        Path file = InstalledModels.dir().resolve(BuiltInModel.FACE_RECOGNITION.onnxFile());
        float[] input = new float[BATCH * 3 * SIZE * SIZE];
        Random random = new Random(7);
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextFloat() * 255f;
        }
        int threads = Runtime.getRuntime().availableProcessors();

        float[] ortOut;
        double ortMs;
        try (OnnxModel model = new OnnxModel(file, SessionOptionsFactory.cpu(threads))) {
            for (int i = 0; i < WARM_UP; i++) {
                model.run(input, BATCH, 3, SIZE, SIZE);
            }
            long start = System.nanoTime();
            float[] last = null;
            for (int i = 0; i < RUNS; i++) {
                last = model.run(input, BATCH, 3, SIZE, SIZE).get(0);
            }
            ortMs = (System.nanoTime() - start) / 1e6 / RUNS;
            ortOut = last;
        }

        float[] djlOut;
        double djlMs;
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(file)
                .optEngine("OnnxRuntime")
                .optOption("intraOpNumThreads", String.valueOf(threads))
                .optOption("interOpNumThreads", "1")
                .optTranslator(new NoopTranslator())
                .build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
             Predictor<NDList, NDList> predictor = model.newPredictor()) {
            NDManager manager = model.getNDManager();
            for (int i = 0; i < WARM_UP; i++) {
                djlBatch(manager, predictor, input);
            }
            long start = System.nanoTime();
            float[] last = null;
            for (int i = 0; i < RUNS; i++) {
                last = djlBatch(manager, predictor, input);
            }
            djlMs = (System.nanoTime() - start) / 1e6 / RUNS;
            djlOut = last;
        }

        double maxDiff = 0;
        for (int i = 0; i < ortOut.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(ortOut[i] - djlOut[i]));
        }
        System.out.printf(Locale.ROOT, "engines: batch of %d chips %dx%d, %d intra-op threads, %d runs after %d"
                + " warm-up%n", BATCH, SIZE, SIZE, threads, RUNS, WARM_UP);
        System.out.printf(Locale.ROOT, "engines: ONNX Runtime Java API  %8.1f ms/batch  %7.1f faces/s%n", ortMs,
                BATCH * 1000 / ortMs);
        System.out.printf(Locale.ROOT, "engines: DJL OnnxRuntime engine %8.1f ms/batch  %7.1f faces/s  (%.3fx)%n",
                djlMs, BATCH * 1000 / djlMs, ortMs / djlMs);
        System.out.printf(Locale.ROOT, "engines: largest output difference %.2e%n", maxDiff);
    }

    private static float[] djlBatch(NDManager parent, Predictor<NDList, NDList> predictor, float[] input)
            throws Exception {
        try (NDManager m = parent.newSubManager()) {
            NDArray x = m.create(FloatBuffer.wrap(input), new Shape(BATCH, 3, SIZE, SIZE));
            return predictor.predict(new NDList(x)).get(0).toFloatArray();
        }
    }
}
