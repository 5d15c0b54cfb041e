package io.faceembed.inference.dlib;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.PixelBox;
import io.faceembed.inference.align.AffineMap;
import io.faceembed.inference.align.ChipSampler;
import io.faceembed.inference.align.HalfScalePyramid;
import io.faceembed.inference.align.SamplingRule;
import io.faceembed.inference.align.Similarity2D;

/**
 * A square chip placed on an image as dlib's {@code chip_details} places it: centred where the chip's centre
 * lands, turned by {@code angle}, its rectangle {@code size * scale} image pixels wide. dlib then maps the chip's
 * corner pixels (0 and size - 1) onto the rectangle's corners, whose distance is {@code size * scale - 1}, so one
 * chip pixel spans {@code (size * scale - 1) / (size - 1)} image pixels, a little more than {@code scale}.
 */
record DlibChipDetails(double centreX, double centreY, double angle, double scale, int size) {

    /** The least-squares similarity from chip points to image points, as {@code chip_details(from, to, dims)}. */
    static DlibChipDetails fit(float[] chipPoints, float[] imagePoints, int size) {
        Similarity2D chipToImage = Similarity2D.estimate(chipPoints, imagePoints);
        double[] centre = chipToImage.apply(size / 2.0, size / 2.0);
        return new DlibChipDetails(centre[0], centre[1], chipToImage.angle(), chipToImage.scale(), size);
    }

    /** Distance between the rectangle's first and last pixel centres along a side. */
    double span() {
        return size * scale - 1;
    }

    /** Chip pixel to image position, without a pyramid. */
    AffineMap chipToImage() {
        double k = span() / (size - 1);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double half = (size - 1) / 2.0;
        return new AffineMap(k * cos, -k * sin, centreX - k * half * (cos - sin),
                k * sin, k * cos, centreY - k * half * (sin + cos));
    }

    /**
     * How many times dlib halves the image before sampling: while the rectangle halved once more still covers more
     * pixels than the chip has, bilinear sampling would skip pixels, so it goes one level down.
     */
    int halvings() {
        int n = 0;
        double side = span();
        while (side / 2 + 1 > size) {
            side /= 2;
            n++;
        }
        return n;
    }

    FaceChip extract(DecodedImage image) {
        int halvings = halvings();
        AffineMap map = chipToImage();
        if (halvings == 0) {
            return ChipSampler.warp(image, map, size, SamplingRule.DLIB);
        }
        PixelBox region = pyramidRegion(image.width(), image.height(), halvings);
        if (region == null) {
            return new FaceChip(size, new float[3 * size * size]);
        }
        DecodedImage level = HalfScalePyramid.crop(image, region);
        map = map.thenScaled(1, -region.x(), -region.y());
        for (int i = 0; i < halvings; i++) {
            level = HalfScalePyramid.down(level);
            if (level == null) {
                return new FaceChip(size, new float[3 * size * size]);
            }
            // dlib's pyramid_down<2>::point_down, which it uses to carry the chip's rectangle down a level
            map = map.thenScaled(0.5, -1.25, -0.75);
        }
        return ChipSampler.warp(level, map, size, SamplingRule.DLIB);
    }

    /**
     * The image pixels dlib builds its pyramid from: the turned rectangle's bounding box, grown by a margin that
     * doubles (plus two) per level, cut at the image's edges and rounded to whole pixels. Its origin decides which
     * pixels the pyramid's levels are centred on. {@code null} when the chip lies wholly off the image.
     */
    PixelBox pyramidRegion(int imageWidth, int imageHeight, int halvings) {
        double grow = 2;
        for (int i = 0; i < halvings; i++) {
            grow = grow * 2 + 2;
        }
        double reach = span() / 2 * (Math.abs(Math.cos(angle)) + Math.abs(Math.sin(angle))) + grow;
        long left = Math.round(Math.max(0, centreX - reach));
        long top = Math.round(Math.max(0, centreY - reach));
        long right = Math.round(Math.min(imageWidth - 1, centreX + reach));
        long bottom = Math.round(Math.min(imageHeight - 1, centreY + reach));
        if (right < left || bottom < top) {
            return null;
        }
        return new PixelBox((int) left, (int) top, (int) (right - left + 1), (int) (bottom - top + 1));
    }
}
