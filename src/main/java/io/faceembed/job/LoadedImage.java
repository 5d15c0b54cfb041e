package io.faceembed.job;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.imaging.ImageDecodeException;
import io.faceembed.imaging.ImageDecoder;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One image's pixels, or the reason it has none: reading and decoding turn every problem (a file removed after
 * listing, a read error, a file too large, bytes no decoder takes) into a reason, so the image becomes a
 * {@code failed} result and its partition goes on.
 */
public record LoadedImage(DecodedImage pixels, String failure) {

    /** Files above this are not read into memory; the decoder's pixel limits guard the rest. */
    public static final long MAX_FILE_BYTES = 256L << 20;

    public static LoadedImage failed(String reason) {
        return new LoadedImage(null, reason);
    }

    public boolean ok() {
        return failure == null;
    }

    /** Reads {@code file} ({@code size} bytes, as listed) and decodes it; {@code name} goes into messages. */
    public static LoadedImage read(FileSystem fs, Path file, String name, long size, ImageDecoder decoder) {
        if (size > MAX_FILE_BYTES) {
            return failed("file too large to decode: " + size + " bytes (limit " + MAX_FILE_BYTES + ")");
        }
        byte[] bytes;
        try (InputStream in = fs.open(file)) {
            bytes = in.readAllBytes();
        } catch (FileNotFoundException e) {
            return failed("file no longer exists (removed after listing)");
        } catch (IOException e) {
            return failed("cannot read file: " + e.getMessage());
        }
        return decode(bytes, name, decoder);
    }

    /** Decodes bytes already in memory; {@code name} only goes into messages. */
    public static LoadedImage decode(byte[] bytes, String name, ImageDecoder decoder) {
        try {
            return new LoadedImage(decoder.decode(bytes, name), null);
        } catch (ImageDecodeException e) {
            return failed(e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) {
            return failed("decoder error: " + e);
        }
    }
}
