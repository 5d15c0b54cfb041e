package io.faceembed.inference.adapters;

import io.faceembed.inference.Detection;
import io.faceembed.inference.FaceAligner;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.FaceRef;
import io.faceembed.inference.align.AffineMap;
import io.faceembed.inference.align.ChipSampler;
import io.faceembed.inference.align.SamplingRule;

/**
 * DeepFace-style alignment for models trained on loose crops (Facenet): rotate the image about the box centre so
 * that the eyes lie level, cut the detection box (same width and height, as DeepFace's
 * {@code project_facial_area} does), then fit it into a square chip keeping its aspect ratio and centre it with
 * black bars ({@code preprocessing.resize_image}). One bilinear sampling does all three steps.
 *
 * <p>The eyes are the first two of the five points (image-left first, as SCRFD and the 68-point layout give
 * them); without points, no rotation.
 */
public final class EyeRotationAligner implements FaceAligner {

    private final int size;

    public EyeRotationAligner(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("chip size must be positive: " + size);
        }
        this.size = size;
    }

    @Override
    public FaceChip align(FaceRef face, float[] landmarks) {
        Detection d = face.detection();
        Fit fit = fit(d);
        return ChipSampler.warp(face.image(), chipToImage(d, FivePoints.of(face, landmarks)), size,
                SamplingRule.ZERO_BORDER, fit.padX, fit.padY, fit.padX + fit.resizedW, fit.padY + fit.resizedH);
    }

    /** Where the resized box lies in the chip; the rest is black. */
    record Fit(int resizedW, int resizedH, int padX, int padY) {
    }

    Fit fit(Detection d) {
        double w = Math.max(1e-3, d.width());
        double h = Math.max(1e-3, d.height());
        double factor = Math.min(size / w, size / h);
        // resize_image: dsize = int(side * factor), padded by diff // 2 before.
        int resizedW = Math.min(size, Math.max(1, (int) (w * factor)));
        int resizedH = Math.min(size, Math.max(1, (int) (h * factor)));
        return new Fit(resizedW, resizedH, (size - resizedW) / 2, (size - resizedH) / 2);
    }

    AffineMap chipToImage(Detection d, float[] points) {
        double w = Math.max(1e-3, d.width());
        double h = Math.max(1e-3, d.height());
        Fit fit = fit(d);
        int resizedW = fit.resizedW;
        int resizedH = fit.resizedH;
        int padX = fit.padX;
        int padY = fit.padY;
        // Chip pixel u -> crop coordinate (u - pad + 0.5) / f - 0.5 (OpenCV's half-pixel resize), with f the
        // actual resize ratio per axis; then crop coordinate -> offset from the box centre.
        double fx = resizedW / w;
        double fy = resizedH / h;
        double ox = (0.5 - padX) / fx - 0.5 - w / 2.0;
        double oy = (0.5 - padY) / fy - 0.5 - h / 2.0;
        double cos = 1;
        double sin = 0;
        if (points != null) {
            double theta = Math.atan2(points[3] - points[1], points[2] - points[0]);
            cos = Math.cos(theta);
            sin = Math.sin(theta);
        }
        double centreX = (d.x1() + d.x2()) / 2.0;
        double centreY = (d.y1() + d.y2()) / 2.0;
        // image = centre + R(theta) * (offset), offset = (u / fx + ox, v / fy + oy)
        return new AffineMap(
                cos / fx, -sin / fy, centreX + cos * ox - sin * oy,
                sin / fx, cos / fy, centreY + sin * ox + cos * oy);
    }

    public int size() {
        return size;
    }

    @Override
    public String version() {
        return "eye-rotation-box-letterbox-" + size + "-v1";
    }
}
