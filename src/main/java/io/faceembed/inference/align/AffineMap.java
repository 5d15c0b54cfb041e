package io.faceembed.inference.align;

/**
 * Where a chip pixel (u, v) reads the image: {@code x = ax*u + bx*v + cx}, {@code y = ay*u + by*v + cy}, with
 * pixel centres on integer coordinates in both.
 */
public record AffineMap(double ax, double bx, double cx, double ay, double by, double cy) {

    /** The chip-to-image map of a similarity given in the chip-to-image direction. */
    public static AffineMap of(Similarity2D chipToImage) {
        return new AffineMap(chipToImage.a(), -chipToImage.b(), chipToImage.tx(), chipToImage.b(), chipToImage.a(),
                chipToImage.ty());
    }

    public double x(double u, double v) {
        return ax * u + bx * v + cx;
    }

    public double y(double u, double v) {
        return ay * u + by * v + cy;
    }

    /** This map followed by image coordinates scaled by {@code k} and shifted by (dx, dy). */
    public AffineMap thenScaled(double k, double dx, double dy) {
        return new AffineMap(k * ax, k * bx, k * cx + dx, k * ay, k * by, k * cy + dy);
    }
}
