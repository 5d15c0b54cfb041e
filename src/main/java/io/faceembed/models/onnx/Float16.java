package io.faceembed.models.onnx;

/**
 * IEEE 754 half precision (binary16) as ONNX stores FLOAT16 values: the 16 bits of each value. Java 17 has no
 * {@code Float.floatToFloat16}, so the conversion is written out here: round to nearest, ties to even; values
 * below the smallest normal become subnormals (or signed zero); values at or beyond 65520 become infinity; NaN
 * stays NaN (quiet, with the top bits of its payload).
 */
public final class Float16 {

    /** The largest finite half, 65504. */
    public static final float MAX_VALUE = 65504f;
    public static final short POSITIVE_INFINITY = 0x7C00;

    private static final int SIGN = 0x8000;
    private static final int EXPONENT_MASK = 0x7C00;
    private static final int QUIET_NAN = 0x0200;
    /** A float's exponent bias minus a half's: 127 - 15. */
    private static final int REBIAS = 112;

    private Float16() {
    }

    /** The half nearest to {@code value} (ties to even), as its 16 bits. */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & SIGN;
        int exponent = (bits >>> 23) & 0xFF;
        int mantissa = bits & 0x7F_FFFF;
        if (exponent == 0xFF) {
            return (short) (sign | EXPONENT_MASK | (mantissa == 0 ? 0 : QUIET_NAN | mantissa >>> 13));
        }
        int halfExponent = exponent - REBIAS;
        if (halfExponent >= 0x1F) {
            return (short) (sign | EXPONENT_MASK);
        }
        if (halfExponent <= 0) {
            // Subnormal half: the value is m * 2^-24 with m = significand (implicit bit included) >> (14 - e).
            if (halfExponent < -10) {
                return (short) sign;
            }
            int significand = mantissa | 0x80_0000;
            return (short) (sign | roundShift(significand, 14 - halfExponent));
        }
        // Normal half: a carry out of the mantissa moves into the exponent, and from 65504 up to infinity.
        int truncated = (halfExponent << 10) | (mantissa >>> 13);
        return (short) (sign | roundHalfEven(truncated, mantissa & 0x1FFF, 0x1000));
    }

    /** The float that the half {@code bits} stands for (exact: every half is a float). */
    public static float toFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & SIGN) << 16;
        int exponent = (h & EXPONENT_MASK) >>> 10;
        int mantissa = h & 0x03FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | mantissa << 13);
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | (exponent + REBIAS) << 23 | mantissa << 13);
    }

    /** Whether {@code value} is finite but too large for a half (it would become infinity). */
    public static boolean overflows(float value) {
        return Float.isFinite(value) && (fromFloat(value) & 0x7FFF) == EXPONENT_MASK;
    }

    private static int roundShift(int value, int shift) {
        return roundHalfEven(value >>> shift, value & ((1 << shift) - 1), 1 << (shift - 1));
    }

    private static int roundHalfEven(int truncated, int remainder, int half) {
        boolean up = remainder > half || (remainder == half && (truncated & 1) == 1);
        return up ? truncated + 1 : truncated;
    }
}
