package io.faceembed.eval;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.imaging.ImageDecodeException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Stop-gap decoder for the eval command until {@code io.faceembed.imaging.ImageDecoder} is merged: plain ImageIO
 * (with the TwelveMonkeys plugins on the class path), no EXIF orientation, no subsampling, no pixel limit. LFW and
 * the sample pairs are small upright JPEGs, for which that is enough.
 */
// TODO(lead): replace the call in EmbeddingEvaluator with ImageDecoder.decode and delete this class.
final class EvalImages {

    private EvalImages() {
    }

    static DecodedImage decode(byte[] bytes, String name) throws ImageDecodeException {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new ImageDecodeException("cannot decode " + name + ": " + e.getMessage(), e);
        }
        if (image == null) {
            throw new ImageDecodeException("cannot decode " + name + ": not an image format this build reads");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return DecodedImage.of(w, h, rgb);
    }
}
