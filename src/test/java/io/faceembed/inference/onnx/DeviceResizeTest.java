package io.faceembed.inference.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.imaging.ImageResizer;
import io.faceembed.inference.ssd.SsdCanvas;
import io.faceembed.inference.ssd.SsdFixtures;
import io.faceembed.inference.ssd.SsdInput;
import io.faceembed.models.onnx.OnnxGraphBuilder;
import io.faceembed.testing.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detector's resize moved into the session: a graph that only passes its 512x512 input on, rewritten by
 * {@link DeviceResize}, must give back what the CPU's resize gives, for images of any size sharing one call.
 */
class DeviceResizeTest {

    private static final int SIZE = SsdInput.SIZE;

    @TempDir
    Path dir;

    @Test
    void imagesOfEverySizeInOneCallComeOutAsTheCpuResizesThem() throws IOException {
        DecodedImage portrait = SsdFixtures.read(SsdFixtures.jpegs(TestPaths.people()).get(0));
        DecodedImage photo = random(504, 378, 1);
        DecodedImage small = random(200, 160, 2);
        DecodedImage large = random(700, 300, 3);
        List<DecodedImage> images = List.of(portrait, photo, small, large);
        List<SsdCanvas> canvases = List.of(SsdCanvas.of(portrait), SsdCanvas.of(photo),
                SsdCanvas.paddedByHalf(small), SsdCanvas.of(large));
        byte[] batch = new byte[(images.size() + 1) * SsdInput.CANVAS_VALUES]; // the last canvas: padding, zeros

        for (int i = 0; i < images.size(); i++) {
            SsdInput.fillCanvas(images.get(i), canvases.get(i), batch, i);
        }
        float[] out;
        try (OnnxModel model = OnnxModel.resizingOnDevice(passThrough(), SessionOptionsFactory.cpu(0))) {
            out = model.run(batch, images.size() + 1, SIZE + 1, SIZE, 3).get(0);
        }

        int perImage = SsdInput.VALUES_PER_IMAGE;
        for (int i = 0; i < 3; i++) {
            float[] cpu = new float[perImage];
            SsdInput.fill(images.get(i), canvases.get(i), cpu, 0);
            assertClose(cpu, out, i * perImage, 1e-3f, "image " + i);
        }
        // a square larger than the input is resized to 8 bits on the CPU; the device then resizes by 1
        byte[] cpuBytes = new byte[perImage];
        SsdInput.fill(large, canvases.get(3), cpuBytes, 0);
        float[] expected = new float[perImage];
        for (int v = 0; v < perImage; v++) {
            expected[v] = cpuBytes[v] & 0xff;
        }
        assertClose(expected, out, 3 * perImage, 1e-3f, "the large image");
        for (int v = 4 * perImage; v < 5 * perImage; v++) {
            assertEquals(0f, out[v], "a zero canvas is a black image");
        }
    }

    @Test
    void theCanvasHoldsTheSquareAtTheTopLeftAndItsSideInTheLastRow() {
        DecodedImage small = random(3, 2, 4);
        byte[] canvas = new byte[SsdInput.CANVAS_VALUES];
        java.util.Arrays.fill(canvas, (byte) 7);

        SsdInput.fillCanvas(small, SsdCanvas.paddedByHalf(small), canvas, 0);

        // paddedByHalf puts the 3x2 image at (1, 1) of a 5x4 canvas: a square of side 5
        int header = SIZE * SIZE * 3;
        assertEquals(5, canvas[header] & 0xff);
        assertEquals(0, canvas[header + 1]);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean inImage = x >= 1 && x < 4 && y >= 1 && y < 3;
                for (int c = 0; c < 3; c++) {
                    int expected = inImage ? small.rgb()[((y - 1) * 3 + (x - 1)) * 3 + c] : 0;
                    assertEquals((byte) expected, canvas[(y * SIZE + x) * 3 + c], "pixel " + x + "," + y);
                }
            }
        }
    }

    /** A graph whose output is its 1 x 3 x 512 x 512 input: what a rewritten detector's network is fed. */
    private Path passThrough() throws IOException {
        OnnxGraphBuilder g = new OnnxGraphBuilder("pass_through");
        String x = g.input("image", -1, 3, SIZE, SIZE);
        g.output(g.node("Identity", new String[] {x}), "same", -1, 3, SIZE, SIZE);
        Path file = dir.resolve("pass_through.onnx");
        Files.write(file, g.toBytes("faceembed test", "identity"));
        return file;
    }

    private static DecodedImage random(int width, int height, long seed) {
        byte[] rgb = new byte[width * height * 3];
        new Random(seed).nextBytes(rgb);
        return DecodedImage.of(width, height, rgb);
    }

    private static void assertClose(float[] expected, float[] actual, int offset, float tolerance, String what) {
        float worst = 0;
        for (int v = 0; v < expected.length; v++) {
            worst = Math.max(worst, Math.abs(expected[v] - actual[offset + v]));
        }
        assertTrue(worst <= tolerance, what + ": largest difference " + worst);
    }
}
