package io.faceembed.imaging;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferUShort;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * {@link BufferedImage} to 8-bit interleaved RGB.
 *
 * <p>The layouts ImageIO's readers produce (interleaved 8- or 16-bit gray/RGB with or without alpha, packed int
 * RGB, palettes) are read straight from the raster's data buffer; anything else goes through
 * {@link BufferedImage#getRGB}, which is slower but colour-managed.
 *
 * <p>Alpha is dropped: each pixel keeps its own colour, whatever its opacity. That is what face-api's browser
 * pipeline does ({@code tf.browser.fromPixels} reads un-premultiplied RGBA and keeps RGB) and what PIL's
 * {@code convert("RGB")} does; compositing over a background would instead wash out a translucent photo (the
 * sample's rgba.png is a portrait with alpha 200 everywhere). Premultiplied data is un-premultiplied first.
 *
 * <p>Gray samples are copied to R, G and B unchanged. (Java's own conversion treats its gray colour space as
 * linear and would brighten every gray JPEG; the stored values are already gamma-encoded like sRGB.)
 */
final class RgbConverter {

    private RgbConverter() {
    }

    static byte[] toRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        Raster raster = image.getRaster();
        ColorModel cm = image.getColorModel();
        if (raster.getMinX() == 0 && raster.getMinY() == 0) {
            if (cm instanceof ComponentColorModel && raster.getSampleModel() instanceof ComponentSampleModel sm
                    && isGrayOrSrgb(cm, sm.getNumBands())) {
                DataBuffer buffer = raster.getDataBuffer();
                if (buffer instanceof DataBufferByte bytes && buffer.getNumBanks() == 1 && cm.getComponentSize(0) == 8) {
                    component8(raster, sm, bytes.getData(), cm.isAlphaPremultiplied(), w, h, out);
                    return out;
                }
                if (buffer instanceof DataBufferUShort shorts && buffer.getNumBanks() == 1 && cm.getComponentSize(0) == 16) {
                    component16(raster, sm, shorts.getData(), cm.isAlphaPremultiplied(), w, h, out);
                    return out;
                }
            }
            if (cm instanceof DirectColorModel dcm && raster.getDataBuffer() instanceof DataBufferInt ints
                    && raster.getSampleModel() instanceof SinglePixelPackedSampleModel sm
                    && dcm.getRedMask() == 0xFF0000 && dcm.getGreenMask() == 0xFF00 && dcm.getBlueMask() == 0xFF
                    && dcm.getColorSpace().isCS_sRGB()) {
                packedInt(raster, sm, ints.getData(), dcm, w, h, out);
                return out;
            }
            if (cm instanceof IndexColorModel icm) {
                indexed(raster, icm, w, h, out);
                return out;
            }
        }
        viaGetRgb(image, w, h, out);
        return out;
    }

    private static boolean isGrayOrSrgb(ColorModel cm, int bands) {
        ColorSpace cs = cm.getColorSpace();
        int colours = cm.getNumColorComponents();
        if (bands != cm.getNumComponents()) {
            return false;
        }
        return (colours == 1 && cs.getType() == ColorSpace.TYPE_GRAY) || (colours == 3 && cs.isCS_sRGB());
    }

    private static int offset(Raster raster, ComponentSampleModel sm, DataBuffer buffer) {
        // not sm.getOffset(x, y): that adds band 0's offset, which the loops add themselves
        return buffer.getOffset() - raster.getSampleModelTranslateY() * sm.getScanlineStride()
                - raster.getSampleModelTranslateX() * sm.getPixelStride();
    }

    private static void component8(Raster raster, ComponentSampleModel sm, byte[] data, boolean premultiplied,
                                   int w, int h, byte[] out) {
        int base = offset(raster, sm, raster.getDataBuffer());
        int rowStride = sm.getScanlineStride();
        int step = sm.getPixelStride();
        int[] bands = sm.getBandOffsets();
        int o = 0;
        switch (bands.length) {
            case 1 -> {
                int b0 = bands[0];
                for (int y = 0; y < h; y++) {
                    int p = base + y * rowStride + b0;
                    for (int x = 0; x < w; x++, p += step) {
                        byte v = data[p];
                        out[o++] = v;
                        out[o++] = v;
                        out[o++] = v;
                    }
                }
            }
            case 2 -> {
                for (int y = 0; y < h; y++) {
                    int p = base + y * rowStride;
                    for (int x = 0; x < w; x++, p += step) {
                        int a = data[p + bands[1]] & 0xff;
                        byte v = (byte) withoutAlpha(data[p + bands[0]] & 0xff, a, premultiplied);
                        out[o++] = v;
                        out[o++] = v;
                        out[o++] = v;
                    }
                }
            }
            case 3 -> {
                int r = bands[0];
                int g = bands[1];
                int b = bands[2];
                if (step == 3 && r == 0 && g == 1 && b == 2 && rowStride == w * 3) {
                    System.arraycopy(data, base, out, 0, out.length);
                    return;
                }
                for (int y = 0; y < h; y++) {
                    int p = base + y * rowStride;
                    for (int x = 0; x < w; x++, p += step) {
                        out[o++] = data[p + r];
                        out[o++] = data[p + g];
                        out[o++] = data[p + b];
                    }
                }
            }
            default -> {
                int r = bands[0];
                int g = bands[1];
                int b = bands[2];
                int al = bands[3];
                for (int y = 0; y < h; y++) {
                    int p = base + y * rowStride;
                    for (int x = 0; x < w; x++, p += step) {
                        int a = data[p + al] & 0xff;
                        out[o++] = (byte) withoutAlpha(data[p + r] & 0xff, a, premultiplied);
                        out[o++] = (byte) withoutAlpha(data[p + g] & 0xff, a, premultiplied);
                        out[o++] = (byte) withoutAlpha(data[p + b] & 0xff, a, premultiplied);
                    }
                }
            }
        }
    }

    private static void component16(Raster raster, ComponentSampleModel sm, short[] data, boolean premultiplied,
                                    int w, int h, byte[] out) {
        int base = offset(raster, sm, raster.getDataBuffer());
        int rowStride = sm.getScanlineStride();
        int step = sm.getPixelStride();
        int[] bands = sm.getBandOffsets();
        boolean gray = bands.length <= 2;
        boolean alpha = bands.length == 2 || bands.length == 4;
        int o = 0;
        for (int y = 0; y < h; y++) {
            int p = base + y * rowStride;
            for (int x = 0; x < w; x++, p += step) {
                int a = alpha ? to8(data[p + bands[bands.length - 1]]) : 255;
                if (gray) {
                    byte v = (byte) withoutAlpha(to8(data[p + bands[0]]), a, premultiplied);
                    out[o++] = v;
                    out[o++] = v;
                    out[o++] = v;
                } else {
                    out[o++] = (byte) withoutAlpha(to8(data[p + bands[0]]), a, premultiplied);
                    out[o++] = (byte) withoutAlpha(to8(data[p + bands[1]]), a, premultiplied);
                    out[o++] = (byte) withoutAlpha(to8(data[p + bands[2]]), a, premultiplied);
                }
            }
        }
    }

    private static void packedInt(Raster raster, SinglePixelPackedSampleModel sm, int[] data, DirectColorModel cm,
                                  int w, int h, byte[] out) {
        int base = raster.getDataBuffer().getOffset()
                + sm.getOffset(-raster.getSampleModelTranslateX(), -raster.getSampleModelTranslateY());
        int rowStride = sm.getScanlineStride();
        boolean alpha = cm.hasAlpha() && cm.getAlphaMask() == 0xFF000000;
        boolean premultiplied = cm.isAlphaPremultiplied();
        int o = 0;
        for (int y = 0; y < h; y++) {
            int p = base + y * rowStride;
            for (int x = 0; x < w; x++) {
                int argb = data[p + x];
                if (alpha) {
                    o = putArgb(argb, premultiplied, out, o);
                } else {
                    out[o++] = (byte) (argb >> 16);
                    out[o++] = (byte) (argb >> 8);
                    out[o++] = (byte) argb;
                }
            }
        }
    }

    private static void indexed(Raster raster, IndexColorModel icm, int w, int h, byte[] out) {
        int size = icm.getMapSize();
        // 256 entries whatever the map size, so that a corrupt index past the palette reads black, not throws
        byte[] lut = new byte[256 * 3];
        for (int i = 0; i < size && i < 256; i++) {
            int argb = icm.getRGB(i);
            putArgb(argb, false, lut, i * 3);
        }
        int[] row = new int[w];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int i = (row[x] & 0xff) * 3;
                out[o++] = lut[i];
                out[o++] = lut[i + 1];
                out[o++] = lut[i + 2];
            }
        }
    }

    private static void viaGetRgb(BufferedImage image, int w, int h, byte[] out) {
        int[] row = new int[w];
        int o = 0;
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                o = putArgb(row[x], false, out, o);
            }
        }
    }

    private static int putArgb(int argb, boolean premultiplied, byte[] out, int o) {
        int a = argb >>> 24;
        if (a == 255) {
            out[o] = (byte) (argb >> 16);
            out[o + 1] = (byte) (argb >> 8);
            out[o + 2] = (byte) argb;
        } else {
            out[o] = (byte) withoutAlpha((argb >> 16) & 0xff, a, premultiplied);
            out[o + 1] = (byte) withoutAlpha((argb >> 8) & 0xff, a, premultiplied);
            out[o + 2] = (byte) withoutAlpha(argb & 0xff, a, premultiplied);
        }
        return o + 3;
    }

    /** The colour of a sample c with alpha a (both 0..255), alpha dropped. */
    static int withoutAlpha(int c, int a, boolean premultiplied) {
        if (!premultiplied || a == 255 || a == 0) {
            return c;
        }
        return Math.min(255, (c * 255 + a / 2) / a);
    }

    private static int to8(short v) {
        return ((v & 0xffff) * 255 + 32767) / 65535;
    }
}
