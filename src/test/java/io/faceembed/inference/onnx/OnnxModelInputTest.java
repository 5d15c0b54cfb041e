package io.faceembed.inference.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faceembed.models.BuiltInModel;
import io.faceembed.testing.InstalledModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CPU path builds each call's input tensor on its thread's reused buffer: a call must see only its own
 * input, whatever the thread ran before and whatever other threads run at the same time.
 */
class OnnxModelInputTest {

    private static final int SIDE = 112;
    private static final int ITEM = 3 * SIDE * SIDE;

    private static OnnxModel landmarks;

    @BeforeAll
    static void load() {
        landmarks = new OnnxModel(InstalledModels.dir().resolve(BuiltInModel.FACE_LANDMARK_68.onnxFile()),
                SessionOptionsFactory.cpu(1));
    }

    @AfterAll
    static void close() {
        landmarks.close();
    }

    @Test
    void aBatchGivenItemByItemGivesWhatTheSameValuesInOneArrayGive() {
        float[] a = crops(2, 1);
        float[] b = crops(3, 2);
        float[] both = new float[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        assertArrayEquals(run(both), landmarks.run(List.of(a, b), 5, 3, SIDE, SIDE).get(0));
    }

    @Test
    void aSmallCallAfterALargeOneOnTheSameThreadSeesOnlyItsOwnInput() throws Exception {
        float[] small = crops(1, 3);
        float[] onAFreshThread = onNewThread(() -> run(small));
        run(crops(16, 4)); // leaves 16 crops of other values in this thread's buffer
        assertArrayEquals(onAFreshThread, run(small));
    }

    @Test
    void concurrentCallsFromManyThreadsEachGetTheirOwnResult() throws Exception {
        List<float[]> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            inputs.add(crops(1 + i % 3, 10 + i));
            expected.add(run(inputs.get(i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (float[] input : inputs) {
                    results.add(pool.submit(() -> run(input)));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertArrayEquals(expected.get(i % inputs.size()), results.get(i).get(), "call " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void partsThatDoNotFillTheShapeAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> landmarks.run(List.of(crops(1, 5), crops(1, 6)), 3, 3, SIDE, SIDE));
    }

    private static float[] run(float[] crops) {
        return landmarks.run(crops, crops.length / ITEM, 3, SIDE, SIDE).get(0);
    }

    /** {@code n} crops of pixel values 0..255 drawn from {@code seed}. */
    private static float[] crops(int n, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n * ITEM];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(256);
        }
        return values;
    }

    private static float[] onNewThread(java.util.concurrent.Callable<float[]> call) throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            return single.submit(call).get();
        } finally {
            single.shutdownNow();
        }
    }
}
