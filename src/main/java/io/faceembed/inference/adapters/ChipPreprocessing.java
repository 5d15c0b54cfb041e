package io.faceembed.inference.adapters;

import io.faceembed.inference.FaceChip;
import java.util.List;

/**
 * Turns face chips into one input tensor: channel order, layout and value normalisation of one model.
 *
 * @param normalization how 0..255 pixel values are scaled
 * @param bgr           {@code true} when the model wants blue first (DeepFace's Keras models see cv2's BGR)
 */
public record ChipPreprocessing(Normalization normalization, boolean bgr) {

    public static ChipPreprocessing rgb(Normalization normalization) {
        return new ChipPreprocessing(normalization, false);
    }

    /** Flattened tensor of {@code chips} in {@code layout}; every chip must be {@code size} x {@code size}. */
    public float[] tensor(List<FaceChip> chips, int size, TensorLayout layout) {
        int plane = size * size;
        int perImage = 3 * plane;
        float[] out = new float[chips.size() * perImage];
        for (int n = 0; n < chips.size(); n++) {
            FaceChip chip = chips.get(n);
            if (chip.size() != size) {
                throw new IllegalArgumentException("chip of size " + chip.size() + " given to a model that takes "
                        + size + "x" + size + "; the aligner's chip size must match the model");
            }
            float[] chw = chip.chw();
            int base = n * perImage;
            for (int c = 0; c < 3; c++) {
                int src = (bgr ? 2 - c : c) * plane;
                if (layout == TensorLayout.NCHW) {
                    System.arraycopy(chw, src, out, base + c * plane, plane);
                } else {
                    for (int p = 0; p < plane; p++) {
                        out[base + p * 3 + c] = chw[src + p];
                    }
                }
            }
            normalization.apply(out, base, perImage);
        }
        return out;
    }
}
