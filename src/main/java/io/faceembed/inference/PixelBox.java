package io.faceembed.inference;

/** A whole-pixel rectangle inside an image: columns x..x+width-1, rows y..y+height-1. */
public record PixelBox(int x, int y, int width, int height) {

    public PixelBox {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("box size must be positive: " + width + "x" + height);
        }
    }

    /**
     * The pixels face-api cuts for a box ({@code Box.clipAtImageBorders} then {@code tf.slice}): the left and top
     * edges are clamped at 0, width and height cut at the image's right and bottom edges, then x, y, width and
     * height are each floored (separately, so the right edge may move by one pixel). Returns {@code null} when
     * nothing of the box is inside the image, where face-api drops the face.
     */
    public static PixelBox clipLikeFaceApi(double x, double y, double width, double height, int imageWidth,
                                           int imageHeight) {
        double cx = Math.max(x, 0);
        double cy = Math.max(y, 0);
        double w = Math.min(x + width - cx, imageWidth - cx);
        double h = Math.min(y + height - cy, imageHeight - cy);
        int fw = (int) Math.floor(w);
        int fh = (int) Math.floor(h);
        if (fw <= 0 || fh <= 0 || !(cx < imageWidth) || !(cy < imageHeight)) {
            return null;
        }
        return new PixelBox((int) Math.floor(cx), (int) Math.floor(cy), fw, fh);
    }
}
