package io.faceembed.imaging;

/**
 * Reads the EXIF orientation (tag 0x0112, values 1..8) straight from the file's bytes, without a metadata
 * library: JPEG APP1 "Exif", PNG eXIf chunk, WebP EXIF chunk, TIFF IFD0. Malformed or missing metadata reads as 1
 * (as stored): bad metadata never fails a decode.
 */
final class ExifOrientation {

    static final int NORMAL = 1;
    private static final int TAG_ORIENTATION = 0x0112;

    private ExifOrientation() {
    }

    static int read(byte[] bytes, ImageFormat format) {
        try {
            int value = switch (format) {
                case JPEG -> fromJpeg(bytes);
                case PNG -> fromPng(bytes);
                case WEBP -> fromWebp(bytes);
                case TIFF -> fromTiff(bytes, 0, bytes.length);
                default -> NORMAL;
            };
            return value >= 1 && value <= 8 ? value : NORMAL;
        } catch (IndexOutOfBoundsException e) {
            return NORMAL; // a length field pointed past the end: treat as no orientation
        }
    }

    private static int fromJpeg(byte[] b) {
        int p = 2;
        while (p + 4 <= b.length) {
            if ((b[p] & 0xff) != 0xFF) {
                return NORMAL;
            }
            int marker = b[p + 1] & 0xff;
            if (marker == 0xFF) { // fill byte
                p++;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) { // start of scan / end of image: no more metadata
                return NORMAL;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                p += 2;
                continue;
            }
            int length = u16be(b, p + 2);
            int data = p + 4;
            if (marker == 0xE1 && length >= 8 && data + 6 <= b.length && isExifHeader(b, data)) {
                int value = fromTiff(b, data + 6, Math.min(b.length, p + 2 + length));
                if (value != 0) {
                    return value;
                }
            }
            p += 2 + length;
        }
        return NORMAL;
    }

    private static int fromPng(byte[] b) {
        int p = 8;
        while (p + 8 <= b.length) {
            long length = u32be(b, p);
            int type = p + 4;
            if (length > b.length - p - 12L) {
                return NORMAL;
            }
            int data = p + 8;
            if (b[type] == 'e' && b[type + 1] == 'X' && b[type + 2] == 'I' && b[type + 3] == 'f') {
                int start = isExifHeader(b, data) ? data + 6 : data;
                return fromTiff(b, start, data + (int) length);
            }
            if (b[type] == 'I' && b[type + 1] == 'E' && b[type + 2] == 'N' && b[type + 3] == 'D') {
                return NORMAL;
            }
            p = data + (int) length + 4;
        }
        return NORMAL;
    }

    private static int fromWebp(byte[] b) {
        int p = 12;
        while (p + 8 <= b.length) {
            long size = u32le(b, p + 4);
            int data = p + 8;
            if (size > b.length - data) {
                return NORMAL;
            }
            if (b[p] == 'E' && b[p + 1] == 'X' && b[p + 2] == 'I' && b[p + 3] == 'F') {
                int start = isExifHeader(b, data) ? data + 6 : data;
                return fromTiff(b, start, data + (int) size);
            }
            p = data + (int) size + (int) (size & 1);
        }
        return NORMAL;
    }

    /** Orientation from the IFD0 of the TIFF structure in b[start, end); 0 when absent. */
    private static int fromTiff(byte[] b, int start, int end) {
        if (end - start < 8) {
            return 0;
        }
        boolean little;
        if (b[start] == 'I' && b[start + 1] == 'I') {
            little = true;
        } else if (b[start] == 'M' && b[start + 1] == 'M') {
            little = false;
        } else {
            return 0;
        }
        long ifd = u32(b, start + 4, little);
        if (ifd < 8 || ifd > end - start - 2L) {
            return 0;
        }
        int p = start + (int) ifd;
        int count = u16(b, p, little);
        p += 2;
        for (int i = 0; i < count && p + 12 <= end; i++, p += 12) {
            if (u16(b, p, little) == TAG_ORIENTATION) {
                int type = u16(b, p + 2, little);
                // SHORT as the standard says; a few writers use LONG
                return type == 4 ? (int) u32(b, p + 8, little) : u16(b, p + 8, little);
            }
        }
        return 0;
    }

    private static boolean isExifHeader(byte[] b, int p) {
        return p + 6 <= b.length && b[p] == 'E' && b[p + 1] == 'x' && b[p + 2] == 'i' && b[p + 3] == 'f'
                && b[p + 4] == 0 && b[p + 5] == 0;
    }

    private static int u16be(byte[] b, int p) {
        return (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
    }

    private static long u32be(byte[] b, int p) {
        return (long) (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
    }

    private static long u32le(byte[] b, int p) {
        return (long) (b[p + 3] & 0xff) << 24 | (b[p + 2] & 0xff) << 16 | (b[p + 1] & 0xff) << 8 | (b[p] & 0xff);
    }

    private static int u16(byte[] b, int p, boolean little) {
        return little ? (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 : u16be(b, p);
    }

    private static long u32(byte[] b, int p, boolean little) {
        return little ? u32le(b, p) : u32be(b, p);
    }
}
