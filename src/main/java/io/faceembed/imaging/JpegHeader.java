package io.faceembed.imaging;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * What a JPEG's markers before its first scan say, read in Java so that the pixel limit is checked and the
 * decoder chosen before any native code or buffer is involved.
 *
 * @param frameMarker    the start-of-frame marker (0xC0 baseline, 0xC1 extended, 0xC2 progressive, others rarer)
 * @param precision      bits per sample (8, or 12)
 * @param width          declared width
 * @param height         declared height (0 would mean "defined later by a DNL marker")
 * @param components     colour components: 1 gray, 3 YCbCr or RGB, 4 CMYK or YCCK
 * @param iccDescription the embedded ICC profile's description, "" when it has none it names, null when no profile
 */
record JpegHeader(int frameMarker, int precision, int width, int height, int components, String iccDescription) {

    private static final byte[] ICC_PROFILE = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);

    /** The header, or empty when no frame header comes before the first scan (or the markers are broken). */
    static Optional<JpegHeader> read(byte[] b) {
        String icc = null;
        int p = 2;
        try {
            while (p + 4 <= b.length) {
                if ((b[p] & 0xff) != 0xFF) {
                    return Optional.empty();
                }
                int marker = b[p + 1] & 0xff;
                if (marker == 0xFF) { // fill byte
                    p++;
                    continue;
                }
                if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                    p += 2;
                    continue;
                }
                if (marker == 0xDA || marker == 0xD9) {
                    return Optional.empty();
                }
                int length = u16(b, p + 2);
                int data = p + 4;
                if (marker == 0xE2 && icc == null && startsWith(b, data, ICC_PROFILE)) {
                    icc = IccDescription.of(b, data + ICC_PROFILE.length + 2, Math.min(b.length, p + 2 + length));
                }
                if (isFrame(marker) && data + 6 <= b.length) {
                    return Optional.of(new JpegHeader(marker, b[data] & 0xff, u16(b, data + 3), u16(b, data + 1),
                            b[data + 5] & 0xff, icc));
                }
                p += 2 + length;
            }
        } catch (IndexOutOfBoundsException e) {
            return Optional.empty(); // a length that points past the end: let the reference decoder say so
        }
        return Optional.empty();
    }

    /** Why libjpeg-turbo's 8-bit path should not take this file, or null when it should. */
    String whyNotFastPath() {
        if (frameMarker != 0xC0 && frameMarker != 0xC1 && frameMarker != 0xC2) {
            return String.format(Locale.ROOT, "JPEG frame type SOF%d (lossless, hierarchical or arithmetic)",
                    frameMarker - 0xC0);
        }
        if (precision != 8) {
            return precision + "-bit samples";
        }
        if (components != 1 && components != 3) {
            return components + " colour components (CMYK or YCCK)";
        }
        if (iccDescription != null && !describesSrgb(iccDescription)) {
            return "ICC profile '" + iccDescription + "' (colours to convert to sRGB)";
        }
        return null;
    }

    /**
     * Whether a profile's description names sRGB ("sRGB IEC61966-2.1", "sRGB built-in", "IEC 61966-2-1 Default RGB
     * colour space - sRGB"), whose pixels need no conversion; "linear sRGB" does need it.
     */
    static boolean describesSrgb(String description) {
        String d = description.toLowerCase(Locale.ROOT);
        return (d.startsWith("srgb") || d.contains("61966-2")) && !d.contains("linear");
    }

    private static boolean isFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static boolean startsWith(byte[] b, int p, byte[] prefix) {
        if (p + prefix.length > b.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[p + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static int u16(byte[] b, int p) {
        return (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
    }

    /** The 'desc' tag of an ICC profile (v2 'desc' ASCII or v4 'mluc' UTF-16), from its first APP2 chunk. */
    private static final class IccDescription {

        static String of(byte[] b, int start, int end) {
            if (end - start < 132) {
                return "";
            }
            long count = u32(b, start + 128);
            for (int i = 0; i < count && start + 132 + 12 * (i + 1) <= end; i++) {
                int entry = start + 132 + 12 * i;
                if (u32(b, entry) == 0x64657363L) { // 'desc'
                    int tag = start + (int) u32(b, entry + 4);
                    int tagEnd = (int) Math.min(end, tag + u32(b, entry + 8));
                    return tag >= start && tag + 12 <= tagEnd ? text(b, tag, tagEnd) : "";
                }
            }
            return "";
        }

        private static String text(byte[] b, int tag, int end) {
            if (u32(b, tag) == 0x6D6C7563L) { // 'mluc': records of (language, country, length, offset), UTF-16BE
                int length = (int) u32(b, tag + 20);
                int at = tag + (int) u32(b, tag + 24);
                return at >= tag && at + length <= end ? new String(b, at, length, StandardCharsets.UTF_16BE).trim() : "";
            }
            int length = (int) Math.min(u32(b, tag + 8), end - tag - 12L);
            return new String(b, tag + 12, Math.max(0, length), StandardCharsets.US_ASCII).replace("\0", "").trim();
        }

        private static long u32(byte[] b, int p) {
            return (long) u16(b, p) << 16 | u16(b, p + 2);
        }
    }
}
