package io.faceembed.testing;

import io.faceembed.bench.InferenceBench;
import io.faceembed.inference.Detection;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.FaceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The landmark net's 112x112 inputs for detected faces, as the pipeline crops them. */
public final class LandmarkCrops {

    private LandmarkCrops() {
    }

    /** The crop of each face (a face whose box holds no pixel of its image has none). */
    public static List<FaceChip> of(List<FaceRef> faces) {
        return new InferenceBench().landmarkCrops(faces);
    }

    /**
     * Each face, then {@code copies} of it with the box moved (5% of its size, standard deviation) and scaled (8%):
     * the spread of boxes a detector gives one face, drawn from {@code seed}.
     */
    public static List<FaceRef> withJitteredBoxes(List<FaceRef> faces, int copies, long seed) {
        Random random = new Random(seed);
        List<FaceRef> out = new ArrayList<>();
        for (FaceRef face : faces) {
            out.add(face);
            Detection d = face.detection();
            for (int c = 0; c < copies; c++) {
                float w = d.width() * (float) (1 + 0.08 * random.nextGaussian());
                float h = d.height() * (float) (1 + 0.08 * random.nextGaussian());
                float cx = (d.x1() + d.x2()) / 2 + (float) (0.05 * d.width() * random.nextGaussian());
                float cy = (d.y1() + d.y2()) / 2 + (float) (0.05 * d.height() * random.nextGaussian());
                out.add(new FaceRef(face.image(), new Detection(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2,
                        d.score(), null)));
            }
        }
        return out;
    }
}
