package io.faceembed.imaging;

import static org.bytedeco.leptonica.global.leptonica.pixConvertTo32;
import static org.bytedeco.leptonica.global.leptonica.pixGetData;
import static org.bytedeco.leptonica.global.leptonica.pixGetDepth;
import static org.bytedeco.leptonica.global.leptonica.pixGetHeight;
import static org.bytedeco.leptonica.global.leptonica.pixGetWidth;
import static org.bytedeco.leptonica.global.leptonica.pixGetWpl;
import static org.bytedeco.leptonica.global.leptonica.pixReadMemJpeg;
import static org.bytedeco.leptonica.global.leptonica.pixScaleGeneral;

import java.nio.IntBuffer;
import java.util.OptionalInt;
import org.bytedeco.leptonica.PIX;

/**
 * 8-bit gray and colour JPEGs (baseline or progressive) through libjpeg-turbo, decoded straight to the working size:
 * libjpeg-turbo's scaled decoding inverse-transforms each 8x8 block to 4x4, 2x2 or 1x1 pixels (1/2, 1/4, 1/8), so
 * a 12 MP photo is never expanded to full size, and its SIMD code converts YCbCr to RGB. A first decode goes to
 * the working size ({@link DecodeLimits#workingSizeFor}: 1/8 for a 12 MP photo); a finer one to the step asked for.
 * The reduction is the largest of 1, 2, 4, 8 that keeps at least as many pixels as the {@link DecodeSize} asks
 * for; when that is still more (a step of 3 or 5, say), Leptonica's area-mapping scaler brings it to exactly that
 * size, in native code. At a step ImageIO's subsampling would also take, the result has its size and scale, with
 * every source pixel averaged in instead of one in step^2 kept.
 *
 * <p>It declines (and ImageIO takes) what the fast path should not decode: CMYK, 12-bit, lossless or arithmetic
 * files, colours in an ICC profile other than sRGB, and any file libjpeg-turbo warns is damaged.
 */
final class LeptonicaJpegDecoder implements PixelDecoder {

    static final String NAME = "libjpeg-turbo";

    private final DecodeLimits limits;

    LeptonicaJpegDecoder(DecodeLimits limits) {
        this.limits = limits;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String method(int step) {
        int reduction = reduction(step);
        if (step == 1) {
            return "full size";
        }
        return "DCT-scaled 1/" + reduction + (reduction == step ? "" : ", resized to 1/" + step);
    }

    @Override
    public boolean takes(ImageFormat format) {
        return format == ImageFormat.JPEG;
    }

    /** libjpeg's scale denominator for a decode step: the largest power of two up to the step, at most 8. */
    static int reduction(int step) {
        return Math.min(8, Integer.highestOneBit(step));
    }

    @Override
    public DecodedImage decode(byte[] bytes, ImageFormat format, String name, OptionalInt step)
            throws DecodeDeclined, ImageDecodeException {
        JpegHeader header = JpegHeader.read(bytes)
                .orElseThrow(() -> new DecodeDeclined("no JPEG frame header before the image data"));
        limits.checkDeclared(header.width(), header.height(), format, name);
        String notHere = header.whyNotFastPath();
        if (notHere != null) {
            throw new DecodeDeclined(notHere);
        }
        String unavailable = NativeJpeg.unavailableReason();
        if (unavailable != null) {
            throw new DecodeDeclined(unavailable);
        }
        DecodeSize size = step.isPresent() ? DecodeSize.atStep(header.width(), header.height(), step.getAsInt())
                : limits.workingSizeFor(header.width(), header.height());
        int reduction = reduction(size.step());
        int[] warnings = new int[1];
        try (OwnedPix read = OwnedPix.of(pixReadMemJpeg(bytes, bytes.length, 0, reduction, warnings, 0))) {
            if (read == null || warnings[0] > 0) {
                throw new DecodeDeclined("libjpeg-turbo found the data damaged");
            }
            try (OwnedPix sized = toSize(read, size); OwnedPix rgb = toRgb(sized)) {
                PIX pix = rgb.pix();
                if (pixGetWidth(pix) != size.width() || pixGetHeight(pix) != size.height()) {
                    throw new DecodeDeclined("libjpeg-turbo decoded " + pixGetWidth(pix) + "x" + pixGetHeight(pix)
                            + " where " + size.width() + "x" + size.height() + " was expected");
                }
                return new DecodedImage(size.width(), size.height(), interleavedRgb(pix), size.step());
            }
        }
    }

    /** The decoded image itself when it has the wanted size, else a scaled copy (area mapping below 0.7). */
    private static OwnedPix toSize(OwnedPix read, DecodeSize size) throws DecodeDeclined {
        PIX pix = read.pix();
        int w = pixGetWidth(pix);
        int h = pixGetHeight(pix);
        if (w == size.width() && h == size.height()) {
            return read.borrowed();
        }
        // pixScaleGeneral rounds scale * side to the nearest pixel; no sharpening (0, 0), unlike pixScale
        OwnedPix scaled = OwnedPix.of(pixScaleGeneral(pix, (float) size.width() / w, (float) size.height() / h, 0f, 0));
        if (scaled == null) {
            throw new DecodeDeclined("Leptonica could not scale " + w + "x" + h);
        }
        return scaled;
    }

    /** 32-bit RGB as is; a gray (8-bit) image expanded to RGB natively. */
    private static OwnedPix toRgb(OwnedPix sized) throws DecodeDeclined {
        if (pixGetDepth(sized.pix()) == 32) {
            return sized.borrowed();
        }
        OwnedPix rgb = OwnedPix.of(pixConvertTo32(sized.pix()));
        if (rgb == null) {
            throw new DecodeDeclined("Leptonica could not expand a " + pixGetDepth(sized.pix()) + "-bit image to RGB");
        }
        return rgb;
    }

    /**
     * Leptonica's 32-bit pixels (one int each, red in the top byte) to interleaved RGB bytes. Leptonica's own
     * pixGetRasterData does this natively but took 35 ms for a 2016x1512 image, this loop 4 ms.
     */
    private static byte[] interleavedRgb(PIX pix) {
        int w = pixGetWidth(pix);
        int h = pixGetHeight(pix);
        int wpl = pixGetWpl(pix);
        IntBuffer words = pixGetData(pix).capacity((long) wpl * h).asBuffer();
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        int[] row = new int[w];
        for (int y = 0, o = 0; y < h; y++) {
            words.get(y * wpl, row, 0, w);
            for (int x = 0; x < w; x++, o += 3) {
                int v = row[x];
                out[o] = (byte) (v >>> 24);
                out[o + 1] = (byte) (v >>> 16);
                out[o + 2] = (byte) (v >>> 8);
            }
        }
        return out;
    }
}
