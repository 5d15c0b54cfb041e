package io.faceembed.inference.landmarks;

import io.faceembed.inference.ChipSampler;
import io.faceembed.inference.FaceRef;
import io.faceembed.inference.LandmarkDetector;
import io.faceembed.inference.PixelBox;
import io.faceembed.inference.onnx.OnnxModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * face-api's 68-point landmarks for many faces at once: each detection box is cut from its image, padded to a
 * centred square and resized to 112x112 as face-api does, then all faces go through the net in batches of at most
 * {@code maxBatch}. Owns (and closes) its model.
 */
public final class FaceLandmark68Detector implements LandmarkDetector {

    public static final int INPUT_SIZE = 112;
    private static final int PER_FACE = 3 * INPUT_SIZE * INPUT_SIZE;

    private final OnnxModel model;
    private final int maxBatch;

    public FaceLandmark68Detector(OnnxModel model, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.model = model;
        this.maxBatch = maxBatch;
    }

    public FaceLandmark68Detector(OnnxModel model) {
        this(model, 32);
    }

    /**
     * @return per face, 136 values x0,y0,... in the pixels of the face's image; {@code null} for a face whose box
     * holds no pixel of its image (face-api drops such a face)
     */
    @Override
    public List<float[]> locate(List<FaceRef> faces) {
        List<float[]> result = new ArrayList<>(Collections.nCopies(faces.size(), null));
        List<Integer> todo = new ArrayList<>(faces.size());
        List<PixelBox> crops = new ArrayList<>(faces.size());
        for (int i = 0; i < faces.size(); i++) {
            FaceRef f = faces.get(i);
            PixelBox crop = FaceApiCrop.of(f.image(), f.detection());
            if (crop != null) {
                todo.add(i);
                crops.add(crop);
            }
        }
        for (int from = 0; from < todo.size(); from += maxBatch) {
            int n = Math.min(maxBatch, todo.size() - from);
            float[] batch = new float[n * PER_FACE];
            for (int j = 0; j < n; j++) {
                FaceRef f = faces.get(todo.get(from + j));
                ChipSampler.sample(f.image(), crops.get(from + j), true, INPUT_SIZE, batch, j * PER_FACE);
            }
            float[] raw = model.run(batch, n, 3, INPUT_SIZE, INPUT_SIZE).get(0);
            for (int j = 0; j < n; j++) {
                int face = todo.get(from + j);
                PixelBox crop = crops.get(from + j);
                FaceRef f = faces.get(face);
                result.set(face, LandmarkProjection.toImage(raw, j * 136, crop.width(), crop.height(),
                        f.detection().x1(), f.detection().y1(), INPUT_SIZE));
            }
        }
        return result;
    }

    @Override
    public void close() {
        model.close();
    }
}
