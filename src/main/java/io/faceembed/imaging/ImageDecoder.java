package io.faceembed.imaging;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Locale;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Bytes of an image file to upright 8-bit RGB pixels.
 *
 * <ul>
 *   <li>The format is recognised by content ({@link ImageFormat#sniff}), not by name.</li>
 *   <li>The header's size is checked against {@link DecodeLimits#maxPixels()} before any pixel is allocated.</li>
 *   <li>Images larger than {@link DecodeLimits#maxDecodeSide()} are subsampled while decoding (every n-th pixel
 *       of every n-th row; {@link DecodedImage#scale()} is n), so a 24 MP photo never exists in memory whole.</li>
 *   <li>EXIF orientation is applied: the result is upright, and {@code scale} maps it to the upright original.</li>
 *   <li>Alpha is dropped (as face-api does); gray stays gray (see {@link RgbConverter}).</li>
 *   <li>Every failure, including runtime exceptions thrown by ImageIO plugins on hostile input, is an
 *       {@link ImageDecodeException} whose message names the file and the reason.</li>
 * </ul>
 *
 * <p>Thread-safe: each call uses its own ImageIO reader.
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
        if (bytes == null || bytes.length == 0) {
            throw failure(nameForMessages, "empty file", null);
        }
        ImageFormat format = ImageFormat.sniff(bytes).orElse(null);
        if (format == null) {
            throw failure(nameForMessages,
                    "not an image (content starts with '" + ImageFormat.describeStart(bytes) + "')", null);
        }
        if (!format.decodable()) {
            throw failure(nameForMessages, "unsupported format: " + format.displayName(), null);
        }
        DecodedImage stored = decodePixels(bytes, format, nameForMessages);
        return Orientation.apply(stored, ExifOrientation.read(bytes, format));
    }

    private DecodedImage decodePixels(byte[] bytes, ImageFormat format, String name) throws ImageDecodeException {
        String corrupt = "truncated or corrupt " + format.displayName() + ": ";
        try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            ImageReader reader = ImageReaders.create(format, in);
            if (reader == null) {
                throw failure(name, "unsupported format: this kind of " + format.displayName() + " has no reader", null);
            }
            try {
                reader.setInput(in, true, true);
                TruncationWarning truncation = new TruncationWarning();
                reader.addIIOReadWarningListener(truncation);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                checkDeclaredSize(width, height, format, name);
                int step = subsampling(width, height);
                ImageReadParam param = reader.getDefaultReadParam();
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                BufferedImage image = reader.read(0, param);
                if (truncation.message != null) {
                    throw failure(name, corrupt + truncation.message, null);
                }
                return new DecodedImage(image.getWidth(), image.getHeight(), RgbConverter.toRgb(image), step);
            } finally {
                reader.dispose();
            }
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw failure(name, corrupt + describe(e), e);
        } catch (OutOfMemoryError e) {
            // The buffer that did not fit was never allocated and this decode's objects are garbage now, so the
            // executor can go on; the pixel limit is what keeps this rare.
            throw failure(name, "not enough memory to decode this " + format.displayName()
                    + " (lower the pixel limit or give executors more memory)", e);
        }
    }

    private void checkDeclaredSize(int width, int height, ImageFormat format, String name) throws ImageDecodeException {
        if (width <= 0 || height <= 0) {
            throw failure(name, "corrupt " + format.displayName() + ": declares " + width + " x " + height + " pixels", null);
        }
        long pixels = (long) width * height;
        if (pixels > limits.maxPixels()) {
            throw failure(name, String.format(Locale.ROOT,
                    "image too large: declares %d x %d pixels (%s MP), over the limit of %s MP",
                    width, height, megapixels(pixels), megapixels(limits.maxPixels())), null);
        }
    }

    /** The smallest step n such that every n-th pixel keeps both sides within maxDecodeSide. */
    int subsampling(int width, int height) {
        int longest = Math.max(width, height);
        int max = limits.maxDecodeSide();
        return longest <= max ? 1 : (longest + max - 1) / max;
    }

    private static String megapixels(long pixels) {
        double mp = pixels / 1e6;
        return mp >= 10 ? String.format(Locale.ROOT, "%.0f", mp) : String.format(Locale.ROOT, "%.1f", mp);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (e instanceof IOException && message != null && !message.isBlank()) {
            Throwable cause = e.getCause();
            return cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())
                    ? message + " (" + cause.getMessage() + ")" : message;
        }
        String type = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }

    private static ImageDecodeException failure(String name, String reason, Throwable cause) {
        return new ImageDecodeException(name + ": " + reason, cause);
    }

    /** libjpeg reports a file that ends inside the scan as a warning and fills the rest with gray. */
    private static final class TruncationWarning implements IIOReadWarningListener {
        volatile String message;

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            if (message == null && warning != null && warning.toLowerCase(Locale.ROOT).contains("premature end")) {
                message = warning;
            }
        }
    }
}
