package io.faceembed.imaging;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Locale;
import java.util.OptionalInt;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Every decodable format through ImageIO (TwelveMonkeys' readers first): the reference decoder, and the one that
 * takes whatever the native JPEG path does not (CMYK, 12-bit, ICC profiles other than sRGB, damaged files).
 * Large images are subsampled while reading (every n-th pixel of every n-th row), so a 24 MP photo never exists in
 * memory whole; ImageIO still entropy-decodes and inverse-transforms every block at full size.
 */
final class ImageIoDecoder implements PixelDecoder {

    static final String NAME = "imageio";

    private final DecodeLimits limits;

    ImageIoDecoder(DecodeLimits limits) {
        this.limits = limits;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String method(int step) {
        return step == 1 ? "full size" : "subsampled 1/" + step;
    }

    @Override
    public boolean takes(ImageFormat format) {
        return format.decodable();
    }

    @Override
    public DecodedImage decode(byte[] bytes, ImageFormat format, String name, OptionalInt asked)
            throws ImageDecodeException {
        String corrupt = "truncated or corrupt " + format.displayName() + ": ";
        try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            ImageReader reader = ImageReaders.create(format, in);
            if (reader == null) {
                throw ImageDecodeException.forFile(name,
                        "unsupported format: this kind of " + format.displayName() + " has no reader", null);
            }
            try {
                reader.setInput(in, true, true);
                TruncationWarning truncation = new TruncationWarning();
                reader.addIIOReadWarningListener(truncation);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                limits.checkDeclared(width, height, format, name);
                int step = asked.orElseGet(() -> limits.sizeFor(width, height).step());
                ImageReadParam param = reader.getDefaultReadParam();
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                BufferedImage image = reader.read(0, param);
                if (truncation.message != null) {
                    throw ImageDecodeException.forFile(name, corrupt + truncation.message, null);
                }
                return new DecodedImage(image.getWidth(), image.getHeight(), RgbConverter.toRgb(image), step);
            } finally {
                reader.dispose();
            }
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw ImageDecodeException.forFile(name, corrupt + describe(e), e);
        } catch (OutOfMemoryError e) {
            // The buffer that did not fit was never allocated and this decode's objects are garbage now, so the
            // executor can go on; the pixel limit is what keeps this rare.
            throw ImageDecodeException.forFile(name, "not enough memory to decode this " + format.displayName()
                    + " (lower the pixel limit or give executors more memory)", e);
        }
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
