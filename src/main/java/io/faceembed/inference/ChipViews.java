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
        float[] dst = new float[chip.chw().length];
        mirrorRows(chip.chw(), dst, 0, chip.size());
        return new FaceChip(chip.size(), dst);
    }

    /** Writes every {@code width}-long row of {@code src} reversed into {@code dst} from {@code at} on. */
    static void mirrorRows(float[] src, float[] dst, int at, int width) {
        for (int row = 0; row < src.length / width; row++) {
            int from = row * width;
            for (int u = 0; u < width; u++) {
                dst[at + from + u] = src[from + width - 1 - u];
            }
        }
    }
}
