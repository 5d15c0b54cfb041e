package io.faceembed.imaging;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Small images made in memory for tests: coloured quadrants, 16-bit PNGs, EXIF orientation inserted by hand. */
final class TestImages {

    static final Color TOP_LEFT = Color.RED;
    static final Color TOP_RIGHT = Color.GREEN;
    static final Color BOTTOM_LEFT = Color.BLUE;
    static final Color BOTTOM_RIGHT = Color.WHITE;

    private TestImages() {
    }

    /** width x height, each quadrant one solid colour (red, green / blue, white). */
    static BufferedImage quadrants(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(TOP_LEFT);
        g.fillRect(0, 0, width / 2, height / 2);
        g.setColor(TOP_RIGHT);
        g.fillRect(width / 2, 0, width - width / 2, height / 2);
        g.setColor(BOTTOM_LEFT);
        g.fillRect(0, height / 2, width / 2, height - height / 2);
        g.setColor(BOTTOM_RIGHT);
        g.fillRect(width / 2, height / 2, width - width / 2, height - height / 2);
        g.dispose();
        return image;
    }

    static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A big-endian TIFF structure whose IFD0 holds only the orientation tag. */
    static byte[] exifTiff(int orientation) {
        return new byte[] {
            'M', 'M', 0, 42, 0, 0, 0, 8,
            0, 1,
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
            0, 0, 0, 0};
    }

    /** The JPEG with an APP1 Exif segment carrying {@code orientation}, placed after the JFIF APP0 segment. */
    static byte[] jpegWithOrientation(byte[] jpeg, int orientation) {
        ByteArrayOutputStream exif = new ByteArrayOutputStream();
        exif.writeBytes("Exif".getBytes(StandardCharsets.US_ASCII));
        exif.write(0);
        exif.write(0);
        exif.writeBytes(exifTiff(orientation));
        return jpegWithSegment(jpeg, 0xE1, exif.toByteArray());
    }

    /** The JPEG with {@code profile} embedded as one APP2 ICC_PROFILE segment (profiles under 64 KB). */
    static byte[] jpegWithIccProfile(byte[] jpeg, byte[] profile) {
        ByteArrayOutputStream icc = new ByteArrayOutputStream();
        icc.writeBytes("ICC_PROFILE".getBytes(StandardCharsets.US_ASCII));
        icc.write(0);
        icc.write(1); // chunk 1
        icc.write(1); // of 1
        icc.writeBytes(profile);
        return jpegWithSegment(jpeg, 0xE2, icc.toByteArray());
    }

    /** The JPEG with one more marker segment, placed after the JFIF APP0 segment. */
    private static byte[] jpegWithSegment(byte[] jpeg, int marker, byte[] payload) {
        int length = 2 + payload.length;
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        segment.write(0xFF);
        segment.write(marker);
        segment.write(length >> 8);
        segment.write(length & 0xff);
        segment.writeBytes(payload);
        int insertAt = 2;
        if ((jpeg[2] & 0xff) == 0xFF && (jpeg[3] & 0xff) == 0xE0) {
            insertAt = 4 + ((jpeg[4] & 0xff) << 8 | (jpeg[5] & 0xff));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, insertAt);
        out.writeBytes(segment.toByteArray());
        out.write(jpeg, insertAt, jpeg.length - insertAt);
        return out.toByteArray();
    }

    /** The PNG with an eXIf chunk carrying {@code orientation}, placed right after IHDR. */
    static byte[] pngWithOrientation(byte[] png, int orientation) {
        byte[] tiff = exifTiff(orientation);
        int afterIhdr = 8 + 8 + 13 + 4;
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        chunk.write(0);
        chunk.write(0);
        chunk.write(0);
        chunk.write(tiff.length);
        byte[] typeAndData = new byte[4 + tiff.length];
        System.arraycopy("eXIf".getBytes(StandardCharsets.US_ASCII), 0, typeAndData, 0, 4);
        System.arraycopy(tiff, 0, typeAndData, 4, tiff.length);
        chunk.writeBytes(typeAndData);
        CRC32 crc = new CRC32();
        crc.update(typeAndData);
        long c = crc.getValue();
        chunk.write((int) (c >> 24));
        chunk.write((int) (c >> 16));
        chunk.write((int) (c >> 8));
        chunk.write((int) c);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterIhdr);
        out.writeBytes(chunk.toByteArray());
        out.write(png, afterIhdr, png.length - afterIhdr);
        return out.toByteArray();
    }

    /** A 16-bit-per-sample RGB image with the given 16-bit value at every pixel. */
    static BufferedImage rgb16(int width, int height, int r, int g, int b) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setPixel(x, y, new int[] {r, g, b});
            }
        }
        return new BufferedImage(cm, raster, false, null);
    }

    /** A 16-bit gray image whose pixel (x, y) is value(x). */
    static BufferedImage gray16(int width, int height, int[] valueByColumn) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, valueByColumn[x]);
            }
        }
        return image;
    }
}
