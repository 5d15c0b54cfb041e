package io.faceembed.imaging;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * TEMPORARY stand-in so the job compiles and runs; the imaging branch's ImageDecoder (format sniffing, EXIF
 * orientation, subsampling, pixel limits) replaces this file at merge. Same public signatures.
 */
public final class ImageDecoder {

    private final DecodeLimits limits;

    public ImageDecoder() {
        this(DecodeLimits.DEFAULT);
    }

    public ImageDecoder(DecodeLimits limits) {
        this.limits = limits;
    }

    public DecodeLimits limits() {
        return limits;
    }

    public DecodedImage decode(byte[] bytes, String nameForMessages) throws ImageDecodeException {
        if (bytes.length == 0) {
            throw new ImageDecodeException("empty file");
        }
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageDecodeException("not a known image format");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > limits.maxPixels()) {
                    throw new ImageDecodeException("too many pixels: " + reader.getWidth(0) + "x" + reader.getHeight(0));
                }
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new ImageDecodeException("cannot decode " + nameForMessages + ": " + e.getMessage(), e);
        }
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] rgb = new byte[w * h * 3];
        int[] line = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, line, 0, w);
            for (int x = 0; x < w; x++) {
                int p = line[x];
                int i = (y * w + x) * 3;
                rgb[i] = (byte) (p >> 16);
                rgb[i + 1] = (byte) (p >> 8);
                rgb[i + 2] = (byte) p;
            }
        }
        return DecodedImage.of(w, h, rgb);
    }
}
