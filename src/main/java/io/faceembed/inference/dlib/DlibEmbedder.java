package io.faceembed.inference.dlib;

import io.faceembed.inference.FaceChip;
import io.faceembed.inference.FaceEmbedder;
import io.faceembed.inference.onnx.OnnxModel;
import java.util.ArrayList;
import java.util.List;

/** dlib's 128-D face recogniser (converted from face-api's weights): 150x150 chips, batched. */
public final class DlibEmbedder implements FaceEmbedder {

    public static final int CHIP_SIZE = 150;
    public static final int DIMENSION = 128;

    private final OnnxModel model;

    public DlibEmbedder(OnnxModel model) {
        this.model = model;
    }

    @Override
    public float[][] embed(List<FaceChip> chips) {
        if (chips.isEmpty()) {
            return new float[0][];
        }
        List<float[]> batch = new ArrayList<>(chips.size());
        for (FaceChip chip : chips) {
            if (chip.size() != CHIP_SIZE) {
                throw new IllegalArgumentException("Dlib expects " + CHIP_SIZE + "px chips, got " + chip.size());
            }
            batch.add(chip.chw());
        }
        float[] out = model.run(batch, chips.size(), 3, CHIP_SIZE, CHIP_SIZE).get(0);
        float[][] embeddings = new float[chips.size()][DIMENSION];
        for (int i = 0; i < chips.size(); i++) {
            System.arraycopy(out, i * DIMENSION, embeddings[i], 0, DIMENSION);
        }
        return embeddings;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public String name() {
        return "Dlib";
    }

    @Override
    public void close() {
        model.close();
    }
}
