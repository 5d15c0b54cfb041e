package io.faceembed.imaging;

import java.util.List;
import java.util.OptionalInt;

/**
 * Bytes of an image file to upright 8-bit RGB pixels.
 *
 * <ul>
 *   <li>The format is recognised by content ({@link ImageFormat#sniff}), not by name.</li>
 *   <li>The header's size is checked against {@link DecodeLimits#maxPixels()} before any pixel is allocated.</li>
 *   <li>Images larger than {@link DecodeLimits#maxDecodeSide()} are reduced while decoding ({@link DecodeSize}:
 *       {@link DecodedImage#scale()} is the step), so a 24 MP photo never exists in memory whole.</li>
 *   <li>JPEGs go to libjpeg-turbo ({@link LeptonicaJpegDecoder}), which decodes straight at the reduced size,
 *       down to the working size the detector needs ({@link DecodeLimits#workingSide()}: 1/8 of a 12 MP photo);
 *       what it declines (CMYK, 12-bit, non-sRGB ICC profiles, damaged files, or a platform without its natives)
 *       and every other format go to ImageIO ({@link ImageIoDecoder}). Each decline is counted in
 *       {@link #stats()} and logged.</li>
 *   <li>EXIF orientation is applied: the result is upright, and {@code scale} maps it to the upright original.</li>
 *   <li>A reduced image can be decoded again at a finer step ({@link DecodedImage#decodedAt}), through the same
 *       decoders, for faces too small in it; it keeps the file's bytes for that.</li>
 *   <li>Alpha is dropped (as face-api does); gray stays gray (see {@link RgbConverter}).</li>
 *   <li>Every failure, including runtime exceptions thrown by ImageIO plugins on hostile input, is an
 *       {@link ImageDecodeException} whose message names the file and the reason.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class ImageDecoder {

    private final DecodeLimits limits;
    private final List<PixelDecoder> decoders;
    private final DecodeStats stats = new DecodeStats();

    public ImageDecoder() {
        this(DecodeLimits.DEFAULT);
    }

    public ImageDecoder(DecodeLimits limits) {
        this(limits, List.of(new LeptonicaJpegDecoder(limits), new ImageIoDecoder(limits)));
    }

    private ImageDecoder(DecodeLimits limits, List<PixelDecoder> decoders) {
        this.limits = limits;
        this.decoders = decoders;
    }

    /** ImageIO for every format: the reference the native JPEG path is measured and tested against. */
    public static ImageDecoder imageIoOnly(DecodeLimits limits) {
        return new ImageDecoder(limits, List.of(new ImageIoDecoder(limits)));
    }

    public DecodeLimits limits() {
        return limits;
    }

    /** What this decoder has done so far: which decoder took which images, and the declines. */
    public DecodeStats stats() {
        return stats;
    }

    public DecodedImage decode(byte[] bytes, String nameForMessages) throws ImageDecodeException {
        if (bytes == null || bytes.length == 0) {
            throw ImageDecodeException.forFile(nameForMessages, "empty file", null);
        }
        ImageFormat format = ImageFormat.sniff(bytes).orElse(null);
        if (format == null) {
            throw ImageDecodeException.forFile(nameForMessages,
                    "not an image (content starts with '" + ImageFormat.describeStart(bytes) + "')", null);
        }
        if (!format.decodable()) {
            throw ImageDecodeException.forFile(nameForMessages, "unsupported format: " + format.displayName(), null);
        }
        int orientation = ExifOrientation.read(bytes, format);
        DecodedImage image = Orientation.apply(decodePixels(bytes, format, nameForMessages, OptionalInt.empty()),
                orientation);
        if (image.scale() == 1.0) {
            return image;
        }
        return image.withFinerDecode(step -> Orientation.apply(
                decodePixels(bytes, format, nameForMessages, OptionalInt.of(step)), orientation));
    }

    /** The first decoder that takes the format and does not decline the file; ImageIO, last, takes everything. */
    private DecodedImage decodePixels(byte[] bytes, ImageFormat format, String name, OptionalInt step)
            throws ImageDecodeException {
        long start = System.nanoTime();
        List<PixelDecoder> candidates = decoders.stream().filter(d -> d.takes(format)).toList();
        for (int i = 0; i < candidates.size(); i++) {
            PixelDecoder decoder = candidates.get(i);
            try {
                DecodedImage image = decoder.decode(bytes, format, name, step);
                String method = decoder.method((int) image.scale()) + (step.isPresent() ? DecodeStats.FINER : "");
                stats.decoded(decoder.name(), format, image, method, System.nanoTime() - start);
                return image;
            } catch (DecodeDeclined declined) {
                stats.declined(decoder.name(), declined.reason());
                String next = i + 1 < candidates.size() ? candidates.get(i + 1).name() : "nothing";
                FallbackLog.declined(decoder.name(), declined.reason(), next, name);
            }
        }
        throw ImageDecodeException.forFile(name, "no decoder took this " + format.displayName(), null);
    }
}
