package io.faceembed.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.dlib.DlibEmbedder;
import io.faceembed.inference.landmarks.FaceLandmark68Detector;
import io.faceembed.inference.ssd.SsdFixtures;
import io.faceembed.models.Precision;
import io.faceembed.testing.GpuPathSessions;
import io.faceembed.testing.InstalledModels;
import io.faceembed.testing.TestPaths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The batch sweep on the GPU path's sessions (run on the CPU): every network at every batch size, fed as the job
 * feeds it (the detector canvases it resizes itself).
 */
class ModelSweepTest {

    @Test
    void everyNetworkRunsAtEveryBatchSizeWithTheGpuPathsInputs() {
        List<DecodedImage> images = SsdFixtures.jpegs(TestPaths.people()).stream().limit(3)
                .map(SsdFixtures::read).toList();
        int crop = FaceLandmark68Detector.INPUT_SIZE;
        int chip = DlibEmbedder.CHIP_SIZE;
        ModelSweep sweep = new ModelSweep(InstalledModels.dir(), GpuPathSessions.onCpu(), List.of(1, 2), images,
                List.of(new FaceChip(crop, new float[3 * crop * crop])),
                List.of(new FaceChip(chip, new float[3 * chip * chip])));
        List<ModelSweep.Point> points = new ArrayList<>();

        sweep.run(Precision.FP32, points::add);

        assertEquals(6, points.size(), points.toString());
        assertEquals(List.of("detector", "detector", "landmarks", "landmarks", "recogniser", "recogniser"),
                points.stream().map(ModelSweep.Point::network).toList());
        assertTrue(points.stream().allMatch(p -> p.itemsPerSecond() > 0), points.toString());
    }
}
