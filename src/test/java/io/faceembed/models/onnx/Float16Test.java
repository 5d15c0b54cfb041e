package io.faceembed.models.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** float to half on values whose 16 bits were worked out by hand (sign, 5 exponent bits biased by 15, 10 bits). */
class Float16Test {

    @Test
    void exactValuesKeepTheirBits() {
        assertHalf(0x3C00, 1f);         // 2^0: exponent 15
        assertHalf(0xC000, -2f);        // sign, 2^1: exponent 16
        assertHalf(0x3800, 0.5f);
        assertHalf(0x7BFF, 65504f);     // (2 - 2^-10) * 2^15, the largest half
        assertHalf(0x0400, 0x1p-14f);   // the smallest normal
        assertHalf(0x0000, 0f);
        assertHalf(0x8000, -0f);
    }

    @Test
    void inexactValuesRoundToTheNearestHalf() {
        // 0.1 = 1.6 * 2^-4: exponent 11, 0.6 * 1024 = 614.4 -> 614 = 0x266
        assertHalf(0x2E66, 0.1f);
        // 1/3 = 1.333 * 2^-2: exponent 13, 0.333 * 1024 = 341.33 -> 341 = 0x155
        assertHalf(0x3555, 1f / 3);
        // 1 + 2^-10 + 0.7 * 2^-10 lies nearer 1 + 2^-9
        assertHalf(0x3C02, 1f + 1.7f * 0x1p-10f);
    }

    @Test
    void tiesGoToTheEvenMantissa() {
        assertHalf(0x3C00, 1f + 0x1p-11f);              // halfway between 0x3C00 and 0x3C01: even is 0x3C00
        assertHalf(0x3C02, 1f + 3 * 0x1p-11f);          // halfway between 0x3C01 and 0x3C02: even is 0x3C02
        assertHalf(0x0000, 0x1p-25f);                   // halfway between 0 and the smallest subnormal
        assertHalf(0x0002, 3 * 0x1p-25f);               // halfway between subnormals 1 and 2
    }

    @Test
    void smallValuesBecomeSubnormalsOrZero() {
        assertHalf(0x0001, 0x1p-24f);                   // the smallest subnormal
        assertHalf(0x8001, -0x1p-24f);
        assertHalf(0x0001, 0x1.8p-25f);                 // 0.75 of it rounds up
        assertHalf(0x0000, 0x1p-26f);
        assertHalf(0x03FF, 1023 * 0x1p-24f);            // the largest subnormal
        assertHalf(0x0200, 0x1p-15f);                   // half the smallest normal
        assertHalf(0x0400, 1023.5f * 0x1p-24f);         // a tie rounding up into the smallest normal
        assertHalf(0x0000, Float.MIN_VALUE);
    }

    @Test
    void largeValuesOverflowToInfinity() {
        assertHalf(0x7BFF, 65519.99f);                  // just under the halfway point to 2^16
        assertHalf(0x7C00, 65520f);                     // halfway: ties to even, which is infinity
        assertHalf(0x7C00, 1e10f);
        assertHalf(0xFC00, -70000f);
        assertTrue(Float16.overflows(65520f));
        assertTrue(Float16.overflows(-1e10f));
        assertFalse(Float16.overflows(65504f));
        assertFalse(Float16.overflows(Float.POSITIVE_INFINITY));
    }

    @Test
    void infinitiesAndNanKeepTheirKind() {
        assertHalf(0x7C00, Float.POSITIVE_INFINITY);
        assertHalf(0xFC00, Float.NEGATIVE_INFINITY);
        assertHalf(0x7E00, Float.NaN);
        // a NaN whose payload sits below the bits a half keeps stays NaN
        short tiny = Float16.fromFloat(Float.intBitsToFloat(0x7F800001));
        assertEquals(0x7C00, tiny & 0x7C00);
        assertTrue((tiny & 0x03FF) != 0);
        assertTrue(Float.isNaN(Float16.toFloat(tiny)));
    }

    @Test
    void everyHalfSurvivesTheRoundTripThroughFloat() {
        for (int bits = 0; bits <= 0xFFFF; bits++) {
            float f = Float16.toFloat((short) bits);
            if (Float.isNaN(f)) {
                assertTrue((bits & 0x7C00) == 0x7C00 && (bits & 0x03FF) != 0, "NaN from " + Integer.toHexString(bits));
            } else {
                assertEquals(bits, Float16.fromFloat(f) & 0xFFFF, "half 0x" + Integer.toHexString(bits) + " = " + f);
            }
        }
    }

    @Test
    void halvesReadBackAsTheirValues() {
        assertEquals(65504f, Float16.toFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, Float16.toFloat((short) 0x0001));
        assertEquals(-2f, Float16.toFloat((short) 0xC000));
        assertEquals(0.0999755859375f, Float16.toFloat((short) 0x2E66));
        assertEquals(Float.NEGATIVE_INFINITY, Float16.toFloat((short) 0xFC00));
    }

    private static void assertHalf(int expected, float value) {
        assertEquals(expected, Float16.fromFloat(value) & 0xFFFF,
                () -> value + ": expected 0x" + Integer.toHexString(expected) + ", got 0x"
                        + Integer.toHexString(Float16.fromFloat(value) & 0xFFFF));
    }
}
