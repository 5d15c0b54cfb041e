package io.faceembed.imaging;

/** TEMPORARY stand-in so the job compiles; the imaging branch's DecodeLimits replaces this file at merge. */
public record DecodeLimits(long maxPixels, int maxDecodeSide) {

    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    public static final int DEFAULT_MAX_DECODE_SIDE = 2048;
    public static final DecodeLimits DEFAULT = new DecodeLimits(DEFAULT_MAX_PIXELS, DEFAULT_MAX_DECODE_SIDE);
}
