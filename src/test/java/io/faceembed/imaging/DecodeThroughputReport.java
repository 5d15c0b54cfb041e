package io.faceembed.imaging;

import io.faceembed.imaging.ImageResizer.Layout;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Prints single-thread decode throughput on the 179 LFW portraits of sample/people (files read into memory
 * first, so only decoding is timed) and the cost of resizing one to the detector's 512x512. Measures, never asserts.
 */
class DecodeThroughputReport {

    @Test
    void printsSingleThreadDecodeImagesPerSecond() throws ImageDecodeException {
        List<Path> files = SharedImages.peopleJpegs();
        byte[][] bytes = files.stream().map(SharedImages::read).toArray(byte[][]::new);
        ImageDecoder decoder = new ImageDecoder();
        long checksum = 0;
        for (int pass = 0; pass < 3; pass++) {
            for (byte[] b : bytes) {
                checksum += decoder.decode(b, "warm-up").rgb()[0];
            }
        }
        int passes = 5;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int pass = 0; pass < passes; pass++) {
            for (byte[] b : bytes) {
                checksum += decoder.decode(b, "timed").rgb()[0];
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double perSecond = passes * bytes.length / seconds;
        double perCpuSecond = passes * bytes.length / ((threads.getCurrentThreadCpuTime() - cpuStart) / 1e9);

        DecodedImage image = decoder.decode(bytes[0], "resize");
        float[] out = new float[512 * 512 * 3];
        for (int i = 0; i < 50; i++) {
            ImageResizer.resize(image, 512, 512, out, 0, Layout.HWC);
        }
        int resizes = 200;
        long resizeStart = System.nanoTime();
        for (int i = 0; i < resizes; i++) {
            ImageResizer.resize(image, 512, 512, out, 0, Layout.HWC);
        }
        double resizeMs = (System.nanoTime() - resizeStart) / 1e6 / resizes;

        // per CPU-second as well: on a shared machine wall-clock time includes waiting for a core
        System.out.printf("decode: %d images x %d passes, single thread: %.0f images/s wall-clock (%.2f ms/image), "
                + "%.0f images per CPU-second%n", bytes.length, passes, perSecond, 1000 / perSecond, perCpuSecond);
        System.out.printf("resize 250x250 -> 512x512 float HWC: %.2f ms/image%n", resizeMs);
        System.out.println("(checksum " + checksum + ")");
    }
}
