package io.faceembed.inference.onnx;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import io.faceembed.models.BuiltInModel;
import io.faceembed.testing.InstalledModels;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The engine choice of the models issue, measured: each built-in model on one batch, run by ONNX Runtime's Java
 * API directly (our {@link OnnxModel}) and by DJL's OnnxRuntime engine, with the same ONNX Runtime build and the
 * same intra-op threads. Prints ms per batch for both and the largest difference of their outputs. Measures, never
 * asserts a timing: {@code mvn test -Dtest=DjlVersusOrtReport}.
 */
class DjlVersusOrtReport {

    private static final int WARM_UP = 3;
    private static final int RUNS = 20;

    private record Case(BuiltInModel model, long... shape) {
        int elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return Math.toIntExact(n);
        }
    }

    @Test
    void printsBatchLatencyOfBothEngines() throws Exception {
        System.setProperty("ai.djl.offline", "true");
        int threads = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "engines: %d intra-op threads, %d runs after %d warm-up%n", threads, RUNS,
                WARM_UP);
        for (Case c : new Case[] {new Case(BuiltInModel.FACE_RECOGNITION, 16, 3, 150, 150),
                new Case(BuiltInModel.FACE_LANDMARK_68, 16, 3, 112, 112),
                new Case(BuiltInModel.SSD_MOBILENET_V1, 1, 3, 512, 512)}) {
            measure(c, threads);
        }
    }

    private static void measure(Case c, int threads) throws Exception {
        Path file = InstalledModels.dir().resolve(c.model().onnxFile());
        float[] input = new float[c.elements()];
        Random random = new Random(7);
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextFloat() * 255f;
        }
        // DJL first: its engine makes the process's OrtEnvironment, which ours then shares
        float[] djlOut = null;
        long djlStart;
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
                djlBatch(manager, predictor, input, c.shape());
            }
            djlStart = System.nanoTime();
            for (int i = 0; i < RUNS; i++) {
                djlOut = djlBatch(manager, predictor, input, c.shape());
            }
            djlMs = (System.nanoTime() - djlStart) / 1e6 / RUNS;
        }

        float[] ortOut = null;
        double ortMs;
        try (OnnxModel model = new OnnxModel(file, SessionOptionsFactory.cpu(threads))) {
            for (int i = 0; i < WARM_UP; i++) {
                model.run(input, c.shape());
            }
            long start = System.nanoTime();
            for (int i = 0; i < RUNS; i++) {
                ortOut = model.run(input, c.shape()).get(0);
            }
            ortMs = (System.nanoTime() - start) / 1e6 / RUNS;
        }

        double maxDiff = 0;
        for (int i = 0; i < ortOut.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(ortOut[i] - djlOut[i]));
        }
        System.out.printf(Locale.ROOT, "engines: %-22s batch %-18s ONNX Runtime API %7.1f ms | DJL %7.1f ms"
                + " (DJL/ORT %.3f) | largest output difference %.1e%n", c.model().onnxFile(),
                java.util.Arrays.toString(c.shape()), ortMs, djlMs, djlMs / ortMs, maxDiff);
    }

    private static float[] djlBatch(NDManager parent, Predictor<NDList, NDList> predictor, float[] input,
                                    long[] shape) throws Exception {
        try (NDManager m = parent.newSubManager()) {
            NDArray x = m.create(FloatBuffer.wrap(input), new Shape(shape));
            return predictor.predict(new NDList(x)).get(0).toFloatArray();
        }
    }
}
