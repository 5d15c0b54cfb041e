package io.faceembed.inference.landmarks;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.Detection;
import io.faceembed.inference.PixelBox;

/** The pixels face-api feeds its landmark net for a detection ({@code extractFaceTensors}). */
final class FaceApiCrop {

    private FaceApiCrop() {
    }

    /**
     * face-api first re-expresses the detection relative to the image and back ({@code forSize}: x * (1 / W) * W,
     * in doubles), which can move a whole-number edge by a hair below and so by a pixel after flooring; we do the
     * same. Returns {@code null} when the box holds no pixel of the image.
     */
    static PixelBox of(DecodedImage image, Detection d) {
        double invW = 1.0 / image.width();
        double invH = 1.0 / image.height();
        double x = d.x1() * invW * image.width();
        double y = d.y1() * invH * image.height();
        double w = ((double) d.x2() - d.x1()) * invW * image.width();
        double h = ((double) d.y2() - d.y1()) * invH * image.height();
        return PixelBox.clipLikeFaceApi(x, y, w, h, image.width(), image.height());
    }
}
