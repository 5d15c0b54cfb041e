package io.faceembed.inference.adapters;

import io.faceembed.inference.Detection;
import io.faceembed.inference.FaceAligner;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.FaceRef;
import io.faceembed.inference.align.AffineMap;
import io.faceembed.inference.align.ChipSampler;
import io.faceembed.inference.align.SamplingRule;
import io.faceembed.inference.align.Similarity2D;

/**
 * ArcFace-style alignment, as InsightFace's {@code face_align.norm_crop}: the least-squares similarity transform
 * (Umeyama) from the face's five points to the ArcFace template, then a bilinear warp into a square chip. The
 * template is defined for 112x112 and scaled by size / 112 for other chip sizes.
 *
 * <p>Without five points (a detector that gives none and no landmark step), the chip is the square of side
 * max(width, height) around the box centre: a fallback that embeds worse than a landmark alignment.
 */
public final class SimilarityAligner implements FaceAligner {

    /** InsightFace's {@code arcface_dst} for 112x112: left eye, right eye, nose tip, left and right mouth corner. */
    public static final float[] ARCFACE_TEMPLATE_112 = {
        38.2946f, 51.6963f,
        73.5318f, 51.5014f,
        56.0252f, 71.7366f,
        41.5493f, 92.3655f,
        70.7299f, 92.2041f,
    };

    private final int size;
    private final float[] template;

    public SimilarityAligner() {
        this(112);
    }

    public SimilarityAligner(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("chip size must be positive: " + size);
        }
        this.size = size;
        this.template = new float[10];
        float k = size / 112f;
        for (int i = 0; i < 10; i++) {
            template[i] = ARCFACE_TEMPLATE_112[i] * k;
        }
    }

    @Override
    public FaceChip align(FaceRef face, float[] landmarks) {
        return ChipSampler.warp(face.image(), chipToImage(face, landmarks), size, SamplingRule.ZERO_BORDER);
    }

    AffineMap chipToImage(FaceRef face, float[] landmarks) {
        float[] points = FivePoints.of(face, landmarks);
        if (points != null) {
            return AffineMap.of(Similarity2D.estimate(points, template).inverse());
        }
        Detection d = face.detection();
        double side = Math.max(d.width(), d.height()) / (double) size;
        double cx = (d.x1() + d.x2()) / 2.0 - side * (size - 1) / 2.0;
        double cy = (d.y1() + d.y2()) / 2.0 - side * (size - 1) / 2.0;
        return new AffineMap(side, 0, cx, 0, side, cy);
    }

    public int size() {
        return size;
    }

    @Override
    public String version() {
        return "similarity-arcface5-" + size + "-v1";
    }
}
