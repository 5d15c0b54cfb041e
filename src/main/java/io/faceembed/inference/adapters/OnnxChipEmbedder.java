package io.faceembed.inference.adapters;

import io.faceembed.inference.FaceChip;
import io.faceembed.inference.FaceEmbedder;
import io.faceembed.inference.onnx.OnnxModel;
import java.util.Arrays;
import java.util.List;

/**
 * A user-supplied recognition model: square image in, one embedding row per face out. Layout (NCHW or NHWC),
 * input size and embedding dimension are read from the model; channel order and normalisation come from the
 * model family. The model is owned (closed) by this embedder.
 */
public abstract class OnnxChipEmbedder implements FaceEmbedder {

    private final OnnxModel model;
    private final String name;
    private final ChipPreprocessing preprocessing;
    private final TensorLayout layout;
    private final int inputSize;
    private final boolean singleImageBatches;
    private final int dimension;

    protected OnnxChipEmbedder(OnnxModel model, String name, ChipPreprocessing preprocessing) {
        this.model = model;
        this.name = name;
        this.preprocessing = preprocessing;
        long[] shape = model.inputShape();
        this.layout = TensorLayout.of(shape, name);
        long h = layout.height(shape);
        long w = layout.width(shape);
        if (h != w || h <= 0) {
            throw new IllegalArgumentException("model " + name + " (" + model.file().getFileName()
                    + ") needs a fixed square input, found " + Arrays.toString(shape));
        }
        this.inputSize = (int) h;
        this.singleImageBatches = shape[0] == 1;
        this.dimension = probeDimension();
    }

    /** Runs one blank chip: output shapes of exported models are often symbolic, the real one is not. */
    private int probeDimension() {
        float[] blank = new float[3 * inputSize * inputSize];
        OnnxModel.Outputs out = model.run(preprocessing.tensor(List.of(new FaceChip(inputSize, blank)), inputSize,
                layout), layout.dims(1, inputSize, inputSize));
        long[] shape = out.shape(0);
        int d = out.get(0).length;
        if (d <= 0 || shape.length == 0 || shape[0] != 1) {
            throw new IllegalArgumentException("model " + name + " gives output shape " + Arrays.toString(shape)
                    + " for one face; expected [1,D]");
        }
        return d;
    }

    @Override
    public float[][] embed(List<FaceChip> chips) {
        float[][] result = new float[chips.size()][];
        if (chips.isEmpty()) {
            return result;
        }
        int step = singleImageBatches ? 1 : chips.size();
        for (int from = 0; from < chips.size(); from += step) {
            List<FaceChip> batch = chips.subList(from, Math.min(chips.size(), from + step));
            float[] input = preprocessing.tensor(batch, inputSize, layout);
            float[] out = model.run(input, layout.dims(batch.size(), inputSize, inputSize)).get(0);
            for (int i = 0; i < batch.size(); i++) {
                result[from + i] = Arrays.copyOfRange(out, i * dimension, (i + 1) * dimension);
            }
        }
        return result;
    }

    /** Side of the square chip the model takes. */
    public int inputSize() {
        return inputSize;
    }

    public TensorLayout layout() {
        return layout;
    }

    public ChipPreprocessing preprocessing() {
        return preprocessing;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        model.close();
    }
}
