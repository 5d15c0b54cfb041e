package io.faceembed.inference.ssd;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.faceembed.imaging.DecodedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Prints detection throughput on the sample portraits (decoding excluded) for batch 1 and 8 and one or two
 * ONNX Runtime intra-op threads. Runs only with {@code -Dfaceembed.bench=true}; asserts nothing.
 */
class SsdThroughputBenchmark {

    private static final int IMAGES = 32;
    private static final int ROUNDS = 3;

    @Test
    void printDetectionThroughput() {
        assumeTrue(Boolean.getBoolean("faceembed.bench"), "benchmark: run with -Dfaceembed.bench=true");
        List<DecodedImage> images = SsdFixtures.jpegs(SsdFixtures.faces().resolve("sample/people")).stream()
                .limit(IMAGES).map(SsdFixtures::read).toList();
        printPreprocessingRate(images);
        for (int threads : new int[] {1, 2}) {
            try (SsdMobilenetDetector detector =
                         new SsdMobilenetDetector(SsdFixtures.model(threads), SsdSettings.faceApiParity())) {
                detector.detect(images.subList(0, 8));
                double[] best = new double[2];
                int[] batches = {1, 8};
                // Rounds alternate between the batch sizes and the best round counts: the machine is shared.
                for (int round = 0; round < ROUNDS; round++) {
                    for (int b = 0; b < batches.length; b++) {
                        best[b] = Math.max(best[b], imagesPerSecond(detector, images, batches[b]));
                    }
                }
                for (int b = 0; b < batches.length; b++) {
                    System.out.printf("BENCH ssd threads=%d batch=%d: %.2f images/s (best of %d rounds of %d)%n",
                            threads, batches[b], best[b], ROUNDS, images.size());
                }
            }
        }
    }

    private static double imagesPerSecond(SsdMobilenetDetector detector, List<DecodedImage> images, int batch) {
        long start = System.nanoTime();
        for (int i = 0; i < images.size(); i += batch) {
            detector.detect(images.subList(i, Math.min(images.size(), i + batch)));
        }
        return images.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static void printPreprocessingRate(List<DecodedImage> images) {
        float[] buffer = new float[SsdInput.VALUES_PER_IMAGE];
        long start = System.nanoTime();
        for (int round = 0; round < 3; round++) {
            for (DecodedImage image : images) {
                SsdInput.fill(image, SsdCanvas.of(image), buffer, 0);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("BENCH ssd input resize: %.0f images/s%n", 3 * images.size() / seconds);
    }
}
