package io.faceembed.inference.adapters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.Detection;
import io.faceembed.inference.adapters.TestModels.ConstantOutput;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 32x32 SCRFD-signature model: strides 8/16/32 give 4x4, 2x2 and 1x1 grids with 2 anchors per cell, so 32, 8
 * and 2 anchors. Three anchors score above 0.5:
 * <ul>
 *   <li>stride 16, cell (x 1, y 1), anchor 1 (row 7), score 0.9, centre (16, 16): distances (0.5, 0.5, 0.25, 0.25)
 *   x 16 = (8, 8, 4, 4) -> box (8, 8, 20, 20); points (-.25,-.25) (.25,-.25) (0,.125) (-.25,.375) (.25,.375) x 16
 *   -> (12,12) (20,12) (16,18) (12,22) (20,22);</li>
 *   <li>stride 8, cell (2, 2), anchor 0 (row 20), score 0.8, centre (16, 16), distances (1, 1, .5, .5) x 8 -> the
 *   same box: NMS removes it;</li>
 *   <li>stride 32, cell (0, 0), anchor 0 (row 0), score 0.7, centre (0, 0), distances (0, 0, .25, .25) x 32 ->
 *   (0, 0, 8, 8): kept.</li>
 * </ul>
 * The 64x48 test image letterboxes to 32x24 (det_scale 0.5), so image coordinates are twice these.
 */
class ScrfdDetectorTest {

    @TempDir
    Path dir;

    private static float[] filled(int rows, int columns, float value) {
        float[] v = new float[rows * columns];
        Arrays.fill(v, value);
        return v;
    }

    private static ConstantOutput[] outputs(boolean interleaved) {
        float[] s8 = filled(32, 1, 0.01f);
        float[] s16 = filled(8, 1, 0.01f);
        float[] s32 = filled(2, 1, 0.01f);
        float[] b8 = filled(32, 4, 0.3f);
        float[] b16 = filled(8, 4, 0.3f);
        float[] b32 = filled(2, 4, 0.3f);
        float[] k8 = filled(32, 10, 0.1f);
        float[] k16 = filled(8, 10, 0.1f);
        float[] k32 = filled(2, 10, 0.1f);
        s16[7] = 0.9f;
        System.arraycopy(new float[] {0.5f, 0.5f, 0.25f, 0.25f}, 0, b16, 7 * 4, 4);
        System.arraycopy(new float[] {-.25f, -.25f, .25f, -.25f, 0f, .125f, -.25f, .375f, .25f, .375f}, 0, k16, 70, 10);
        s8[20] = 0.8f;
        System.arraycopy(new float[] {1f, 1f, 0.5f, 0.5f}, 0, b8, 20 * 4, 4);
        s32[0] = 0.7f;
        System.arraycopy(new float[] {0f, 0f, 0.25f, 0.25f}, 0, b32, 0, 4);
        ConstantOutput[] insightFaceOrder = {
            new ConstantOutput("score_8", 32, 1, s8), new ConstantOutput("score_16", 8, 1, s16),
            new ConstantOutput("score_32", 2, 1, s32), new ConstantOutput("bbox_8", 32, 4, b8),
            new ConstantOutput("bbox_16", 8, 4, b16), new ConstantOutput("bbox_32", 2, 4, b32),
            new ConstantOutput("kps_8", 32, 10, k8), new ConstantOutput("kps_16", 8, 10, k16),
            new ConstantOutput("kps_32", 2, 10, k32),
        };
        if (!interleaved) {
            return insightFaceOrder;
        }
        List<ConstantOutput> perStride = new ArrayList<>();
        for (int level = 2; level >= 0; level--) {   // stride 32 first, to show position does not matter
            perStride.add(insightFaceOrder[6 + level]);
            perStride.add(insightFaceOrder[level]);
            perStride.add(insightFaceOrder[3 + level]);
        }
        return perStride.toArray(ConstantOutput[]::new);
    }

    private static DecodedImage image64x48() {
        byte[] rgb = new byte[64 * 48 * 3];
        Arrays.fill(rgb, (byte) 90);
        return DecodedImage.of(64, 48, rgb);
    }

    private List<Detection> detect(Path model) {
        try (ScrfdDetector detector = new ScrfdDetector(new OnnxModel(model, SessionOptionsFactory.cpu(1)), "scrfd", 0.5f)) {
            List<List<Detection>> all = detector.detect(List.of(image64x48()));
            assertEquals(1, all.size());
            return all.get(0);
        }
    }

    private static void assertHandComputedFaces(List<Detection> faces) {
        assertEquals(2, faces.size(), faces.toString());
        Detection best = faces.get(0);
        assertEquals(0.9f, best.score(), 1e-6f);
        assertArrayEquals(new float[] {16, 16, 40, 40}, new float[] {best.x1(), best.y1(), best.x2(), best.y2()}, 1e-4f);
        assertArrayEquals(new float[] {24, 24, 40, 24, 32, 36, 24, 44, 40, 44}, best.landmarks5(), 1e-4f);
        Detection second = faces.get(1);
        assertEquals(0.7f, second.score(), 1e-6f);
        assertArrayEquals(new float[] {0, 0, 16, 16}, new float[] {second.x1(), second.y1(), second.x2(), second.y2()}, 1e-4f);
        // stride-32 points: centre (0, 0) + 0.1 * 32 = 3.2 in input pixels, 6.4 in the image
        assertArrayEquals(filled(1, 10, 6.4f), second.landmarks5(), 1e-4f);
    }

    @Test
    void decodesInsightFaceOutputOrderIntoHandComputedBoxesAndPoints() throws Exception {
        assertHandComputedFaces(detect(TestModels.constantDetector(dir, "scrfd.onnx", 32, false, outputs(false))));
    }

    @Test
    void recognisesOutputsByShapeInAnyOrderAndWithABatchDimension() throws Exception {
        assertHandComputedFaces(detect(TestModels.constantDetector(dir, "scrfd_b.onnx", 32, true, outputs(true))));
    }

    @Test
    void modelWithoutPointOutputsGivesDetectionsWithoutLandmarks() throws Exception {
        ConstantOutput[] six = Arrays.copyOf(outputs(false), 6);
        List<Detection> faces = detect(TestModels.constantDetector(dir, "scrfd_nokps.onnx", 32, false, six));
        assertEquals(2, faces.size());
        assertNull(faces.get(0).landmarks5());
        assertEquals(40, faces.get(0).x2(), 1e-4f);
    }

    @Test
    void modelThatIsNotScrfdShapedIsRefusedWithItsOutputShapes() throws Exception {
        Path model = TestModels.constantDetector(dir, "odd.onnx", 32, false,
                new ConstantOutput("boxes", 7, 4, filled(7, 4, 0f)), new ConstantOutput("scores", 7, 2, filled(7, 2, 0f)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> detect(model));
        assertTrue(e.getMessage().contains("[7, 4]"), e.getMessage());
    }

    @Test
    void letterboxKeepsAspectPadsRightAndBottomAndNormalisesBy128() {
        int w = 64, h = 48;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rgb[(y * w + x) * 3] = (byte) x;          // red = x
                rgb[(y * w + x) * 3 + 1] = (byte) 200;
                rgb[(y * w + x) * 3 + 2] = (byte) y;      // blue = y
            }
        }
        Letterbox box = Letterbox.of(DecodedImage.of(w, h, rgb), 32, 32, 127.5f, 128f);
        assertEquals(0.5, box.scale(), 1e-12);
        float[] t = box.tensor();
        // Halving with half-pixel centres reads source 2x + 0.5: exact for a linear ramp.
        assertEquals((2 * 5 + 0.5 - 127.5) / 128, t[3 * 32 + 5], 1e-6);
        assertEquals((200 - 127.5) / 128, t[1024 + 23 * 32 + 31], 1e-6);
        assertEquals((2 * 23 + 0.5 - 127.5) / 128, t[2048 + 23 * 32 + 31], 1e-6);
        // rows 24..31 are padding: black, -127.5/128
        assertEquals(-127.5 / 128, t[24 * 32], 1e-6);
        assertEquals(-127.5 / 128, t[1024 + 31 * 32 + 31], 1e-6);
    }
}
