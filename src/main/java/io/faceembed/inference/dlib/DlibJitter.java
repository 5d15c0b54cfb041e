package io.faceembed.inference.dlib;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.ChipViews;
import io.faceembed.inference.FaceChip;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * dlib's test-time jitter ({@code jitter_image}): a chip re-cut {@code copies} times, each shifted by up to 2% of
 * its size, zoomed out by 0-3%, turned by up to 3 degrees and mirrored half the time. The random draws start from
 * the same seed for every chip, so a face gets the same views, and the same embedding, in every run and batch.
 */
public final class DlibJitter implements ChipViews {

    private static final long SEED = 0x5eedL;
    private static final int BORDER = 3;
    private static final double MAX_SHIFT = 0.02;
    private static final double MIN_ZOOM = 0.97;
    private static final double MAX_ZOOM = 0.99999;
    private static final double MAX_TURN_DEGREES = 3;

    private final int copies;

    public DlibJitter(int copies) {
        this.copies = copies;
    }

    @Override
    public List<FaceChip> of(FaceChip chip) {
        SplittableRandom random = new SplittableRandom(SEED);
        DecodedImage pixels = toImage(chip);
        List<FaceChip> out = new ArrayList<>(copies);
        for (int i = 0; i < copies; i++) {
            out.add(jittered(pixels, chip.size(), random));
        }
        return out;
    }

    private static FaceChip jittered(DecodedImage chip, int size, SplittableRandom random) {
        int inner = size - 2 * BORDER;
        long shiftX = Math.round(random.nextDouble(-MAX_SHIFT, MAX_SHIFT) * inner);
        long shiftY = Math.round(random.nextDouble(-MAX_SHIFT, MAX_SHIFT) * inner);
        long box = (long) (inner / random.nextDouble(MIN_ZOOM, MAX_ZOOM));
        double angle = Math.toRadians(random.nextDouble(-MAX_TURN_DEGREES, MAX_TURN_DEGREES));
        // a whole-pixel square of side box around the shifted centre, as dlib's centered_rect places it
        long centre = BORDER + inner / 2;
        double left = centre + shiftX - box / 2;
        double top = centre + shiftY - box / 2;
        DlibChipDetails recut = new DlibChipDetails(left + (box - 1) / 2.0, top + (box - 1) / 2.0, angle,
                (double) box / size, size);
        FaceChip view = recut.extract(chip);
        return random.nextDouble() > 0.5 ? ChipViews.mirrored(view) : view;
    }

    /** The chip as 8-bit pixels, the form dlib jitters (its chips are whole values already). */
    private static DecodedImage toImage(FaceChip chip) {
        int plane = chip.size() * chip.size();
        byte[] rgb = new byte[3 * plane];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                rgb[3 * p + c] = (byte) Math.round(chip.chw()[c * plane + p]);
            }
        }
        return DecodedImage.of(chip.size(), chip.size(), rgb);
    }
}
