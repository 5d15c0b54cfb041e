package io.faceembed.imaging;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Image formats recognised by their content (magic bytes), never by the file name: a PNG behind a {@code .jpg}
 * name is a PNG. Some are recognised only to say clearly that they cannot be decoded.
 */
public enum ImageFormat {
    JPEG("JPEG", true),
    PNG("PNG", true),
    GIF("GIF", true),
    BMP("BMP", true),
    WEBP("WebP", true),
    TIFF("TIFF", true),
    HEIF("HEIF/HEIC", false),
    AVIF("AVIF", false),
    JPEG_2000("JPEG 2000", false),
    JPEG_XL("JPEG XL", false),
    PSD("Photoshop PSD", false),
    ICO("ICO", false),
    PDF("PDF", false);

    private final String displayName;
    private final boolean decodable;

    ImageFormat(String displayName, boolean decodable) {
        this.displayName = displayName;
        this.decodable = decodable;
    }

    /** Name for messages, e.g. "WebP". */
    public String displayName() {
        return displayName;
    }

    /** Whether {@link ImageDecoder} can turn this format into pixels. */
    public boolean decodable() {
        return decodable;
    }

    /** The format whose signature {@code bytes} start with, if any. */
    public static Optional<ImageFormat> sniff(byte[] bytes) {
        if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWithAscii(bytes, 0, "GIF87a") || startsWithAscii(bytes, 0, "GIF89a")) {
            return Optional.of(GIF);
        }
        if (startsWithAscii(bytes, 0, "RIFF") && startsWithAscii(bytes, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        if (startsWith(bytes, 0, 'I', 'I', 0x2A, 0x00) || startsWith(bytes, 0, 'M', 'M', 0x00, 0x2A)
                || startsWith(bytes, 0, 'I', 'I', 0x2B, 0x00) || startsWith(bytes, 0, 'M', 'M', 0x00, 0x2B)) {
            return Optional.of(TIFF);
        }
        if (isBmp(bytes)) {
            return Optional.of(BMP);
        }
        if (startsWithAscii(bytes, 4, "ftyp")) {
            return isoBrand(bytes);
        }
        if (startsWith(bytes, 0, 0x00, 0x00, 0x00, 0x0C, 'j', 'P', 0x20, 0x20)
                || startsWith(bytes, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
            return Optional.of(JPEG_2000);
        }
        if (startsWith(bytes, 0, 0xFF, 0x0A)
                || startsWith(bytes, 0, 0x00, 0x00, 0x00, 0x0C, 'J', 'X', 'L', 0x20)) {
            return Optional.of(JPEG_XL);
        }
        if (startsWithAscii(bytes, 0, "8BPS")) {
            return Optional.of(PSD);
        }
        if (startsWith(bytes, 0, 0x00, 0x00, 0x01, 0x00) && bytes.length >= 6 && (bytes[4] != 0 || bytes[5] != 0)) {
            return Optional.of(ICO);
        }
        if (startsWithAscii(bytes, 0, "%PDF")) {
            return Optional.of(PDF);
        }
        return Optional.empty();
    }

    /**
     * The first bytes of {@code bytes} for a message: printable ASCII as is, anything else as '.', e.g. "PK..".
     */
    public static String describeStart(byte[] bytes) {
        int n = Math.min(bytes.length, 8);
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            s.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return s.toString();
    }

    // "BM" alone is too weak (text can start with it): also require the reserved fields to be zero and a known
    // DIB header size.
    private static boolean isBmp(byte[] b) {
        if (b.length < 18 || b[0] != 'B' || b[1] != 'M') {
            return false;
        }
        for (int i = 6; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        int dibSize = (b[14] & 0xff) | (b[15] & 0xff) << 8 | (b[16] & 0xff) << 16 | (b[17] & 0xff) << 24;
        return dibSize == 12 || dibSize == 16 || dibSize == 40 || dibSize == 52 || dibSize == 56
                || dibSize == 64 || dibSize == 108 || dibSize == 124;
    }

    private static Optional<ImageFormat> isoBrand(byte[] b) {
        if (b.length < 12) {
            return Optional.empty();
        }
        String brand = new String(b, 8, 4, StandardCharsets.US_ASCII);
        return switch (brand) {
            case "avif", "avis" -> Optional.of(AVIF);
            case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1" -> Optional.of(HEIF);
            default -> Optional.empty();
        };
    }

    private static boolean startsWith(byte[] b, int offset, int... signature) {
        if (b.length < offset + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((b[offset + i] & 0xff) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithAscii(byte[] b, int offset, String signature) {
        if (b.length < offset + signature.length()) {
            return false;
        }
        for (int i = 0; i < signature.length(); i++) {
            if (b[offset + i] != signature.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
