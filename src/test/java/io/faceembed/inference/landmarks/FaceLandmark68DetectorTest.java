package io.faceembed.inference.landmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.Detection;
import io.faceembed.inference.FaceRef;
import io.faceembed.inference.PixelBox;
import io.faceembed.inference.align.ChipSampler;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceLandmark68DetectorTest {

    /** Where LFW's deep-funneled 250x250 portraits hold the face. */
    private static final Detection PORTRAIT_BOX = new Detection(70, 70, 180, 190, 0.99f, null);

    @TempDir
    static Path dir;
    private static FaceLandmark68Detector detector;
    private static List<FaceRef> portraits;

    @BeforeAll
    static void load() throws Exception {
        detector = new FaceLandmark68Detector(LandmarkFixtures.landmarkModel(dir), 16, false);
        portraits = new ArrayList<>();
        for (Path p : LandmarkFixtures.portraits(1)) {
            portraits.add(new FaceRef(LandmarkFixtures.read(p), PORTRAIT_BOX));
        }
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    @Test
    void landmarksOnEveryPortraitAreWhereAFaceHasThem() {
        List<float[]> all = detector.locate(portraits);
        assertEquals(portraits.size(), all.size());
        for (int f = 0; f < all.size(); f++) {
            float[] p = all.get(f);
            String who = "portrait " + f;
            float noseY = p[2 * 30 + 1];
            for (int i = 36; i < 48; i++) {
                assertTrue(p[2 * i + 1] < noseY, who + ": eye point " + i + " not above the nose tip");
            }
            for (int i = 48; i < 68; i++) {
                assertTrue(p[2 * i + 1] > noseY, who + ": mouth point " + i + " not below the nose tip");
            }
            assertTrue(meanX(p, 36, 42) < meanX(p, 42, 48), who + ": left eye not left of the right eye");
            float padX = 0.2f * PORTRAIT_BOX.width();
            float padY = 0.2f * PORTRAIT_BOX.height();
            for (int i = 0; i < 68; i++) {
                assertTrue(p[2 * i] > PORTRAIT_BOX.x1() - padX && p[2 * i] < PORTRAIT_BOX.x2() + padX
                        && p[2 * i + 1] > PORTRAIT_BOX.y1() - padY && p[2 * i + 1] < PORTRAIT_BOX.y2() + padY,
                        who + ": point " + i + " outside the box grown by 20%");
            }
        }
    }

    @Test
    void aFaceGetsTheSameLandmarksAloneAsInABatchOfMany() {
        List<FaceRef> some = portraits.subList(0, 20);
        List<float[]> batched = detector.locate(some);
        for (int f = 0; f < some.size(); f += 7) {
            float[] alone = detector.locate(List.of(some.get(f))).get(0);
            for (int i = 0; i < 136; i++) {
                assertEquals(alone[i], batched.get(f)[i], 1e-3f, "face " + f + " value " + i);
            }
        }
    }

    @Test
    void boxesAreTakenInTheirOwnImageAndOneOutsideItsImageGetsNoLandmarks() {
        DecodedImage img = portraits.get(0).image();
        FaceRef shifted = new FaceRef(img, new Detection(60, 60, 170, 180, 0.9f, null));
        FaceRef outside = new FaceRef(img, new Detection(300, 300, 400, 400, 0.9f, null));
        List<float[]> out = detector.locate(List.of(portraits.get(0), outside, shifted));
        assertNull(out.get(1));
        // the same face seen through a box 10 px up-left: its landmarks move by a few pixels at most
        double sum = 0;
        for (int i = 0; i < 136; i++) {
            sum += Math.abs(out.get(0)[i] - out.get(2)[i]);
        }
        System.out.printf(Locale.ROOT, "box moved 10 px: landmarks moved %.2f px on average%n", sum / 136);
        assertTrue(sum / 136 < 3, "mean move " + sum / 136);
    }

    @Test
    void mirrorAveragedLandmarksOfTheMirrorImageAreTheMirroredLandmarks() throws Exception {
        // PORTRAIT_BOX is symmetric about the middle of a 250-pixel image, so the mirror image's crop is the crop
        // mirrored and the two readings swap roles: the averages are mirror images of each other, up to face-api's
        // resize, which samples from the crop's left edge (src = i * ratio) and so is not quite mirror-symmetric
        DecodedImage image = portraits.get(3).image();
        DecodedImage mirror = mirrored(image);
        try (FaceLandmark68Detector averaged = new FaceLandmark68Detector(
                new OnnxModel(dir.resolve("face_landmark_68.onnx"), SessionOptionsFactory.cpu(0)), 16, true)) {
            List<float[]> both = averaged.locate(List.of(new FaceRef(image, PORTRAIT_BOX),
                    new FaceRef(mirror, PORTRAIT_BOX)));
            List<float[]> singles = detector.locate(List.of(new FaceRef(image, PORTRAIT_BOX),
                    new FaceRef(mirror, PORTRAIT_BOX)));
            float[] single = singles.get(0);
            double moved = 0;
            double asymmetryAveraged = 0;
            double asymmetrySingle = 0;
            for (int k = 0; k < 68; k++) {
                int m = FaceLandmark68Detector.MIRRORED_POINT[k];
                asymmetryAveraged += Math.abs(image.width() - both.get(0)[2 * m] - both.get(1)[2 * k]);
                asymmetrySingle += Math.abs(image.width() - single[2 * m] - singles.get(1)[2 * k]);
                assertEquals(image.width() - both.get(0)[2 * m], both.get(1)[2 * k], 0.3, "x of point " + k);
                assertEquals(both.get(0)[2 * m + 1], both.get(1)[2 * k + 1], 0.3, "y of point " + k);
                moved += Math.hypot(both.get(0)[2 * k] - single[2 * k], both.get(0)[2 * k + 1] - single[2 * k + 1]);
            }
            assertTrue(moved / 68 < 3, "averaging moved the points by " + moved / 68 + " px on average");
            System.out.printf(Locale.ROOT, "mirror asymmetry in x: %.3f px averaged, %.3f px one reading%n",
                    asymmetryAveraged / 68, asymmetrySingle / 68);
            assertTrue(asymmetryAveraged < asymmetrySingle / 4, "averaging left the mirror asymmetry at "
                    + asymmetryAveraged / 68 + " px against " + asymmetrySingle / 68 + " px for one reading");
        }
    }

    @Test
    void mirroringTwiceGivesEveryPointBack() {
        for (int k = 0; k < 68; k++) {
            assertEquals(k, FaceLandmark68Detector.MIRRORED_POINT[FaceLandmark68Detector.MIRRORED_POINT[k]]);
        }
        assertEquals(45, FaceLandmark68Detector.MIRRORED_POINT[36], "outer eye corners");
        assertEquals(30, FaceLandmark68Detector.MIRRORED_POINT[30], "nose tip stays");
    }

    private static DecodedImage mirrored(DecodedImage image) {
        byte[] rgb = new byte[image.rgb().length];
        int w = image.width();
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(image.rgb(), (y * w + x) * 3, rgb, (y * w + w - 1 - x) * 3, 3);
            }
        }
        return DecodedImage.of(w, image.height(), rgb);
    }

    @Test
    void throughputAtBatchOneAndSixteen() {
        // a measurement, not a test: runs only when asked, like SsdThroughputBenchmark
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("faceembed.bench"),
                "benchmark: run with -Dfaceembed.bench=true");
        List<FaceRef> faces = new ArrayList<>();
        while (faces.size() < 192) {
            faces.addAll(portraits);
        }
        faces = faces.subList(0, 192);
        detector.locate(faces);
        for (int batch : new int[] {1, 16}) {
            long t0 = System.nanoTime();
            int done = 0;
            for (int from = 0; from < faces.size(); from += batch) {
                done += detector.locate(faces.subList(from, Math.min(faces.size(), from + batch))).size();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "landmarks batch %d: %.1f faces/s (%d faces in %.2f s)%n", batch,
                    done / s, done, s);
        }
        float[] chip = new float[3 * 112 * 112];
        long t0 = System.nanoTime();
        for (FaceRef f : faces) {
            ChipSampler.resizeBox(f.image(), new PixelBox(70, 70, 110, 120), true, 112, chip, 0);
        }
        System.out.printf(Locale.ROOT, "crop+pad+resize to 112: %.0f faces/s%n",
                faces.size() / ((System.nanoTime() - t0) / 1e9));
    }

    private static float meanX(float[] p, int from, int to) {
        float s = 0;
        for (int i = from; i < to; i++) {
            s += p[2 * i];
        }
        return s / (to - from);
    }
}
