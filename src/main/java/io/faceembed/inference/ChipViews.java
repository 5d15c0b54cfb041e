package io.faceembed.inference;

import java.util.List;

/** The views of a face chip that test-time augmentation embeds and averages. */
@FunctionalInterface
public interface ChipViews {

    /** The chip and its left-right mirror image. */
    ChipViews MIRROR = chip -> List.of(chip, mirrored(chip));

    /** The views of {@code chip}, each the same size as it. */
    List<FaceChip> of(FaceChip chip);

    static FaceChip mirrored(FaceChip chip) {
        int size = chip.size();
        float[] src = chip.chw();
        float[] dst = new float[src.length];
        for (int row = 0; row < 3 * size; row++) {
            int base = row * size;
            for (int u = 0; u < size; u++) {
                dst[base + u] = src[base + size - 1 - u];
            }
        }
        return new FaceChip(size, dst);
    }
}
