package io.faceembed.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Commit waves grow to ~30 s of embedding, fourfold at most per wave, never below the settings' size. */
class WaveSizerTest {

    @Test
    void wavesGrowTowardThirtySecondsOfWork() {
        WaveSizer sizer = new WaveSizer(1000);
        assertEquals(1000, sizer.next());
        sizer.embedded(1000, 6.0); // 167 images/s: 30 s is 5,000 images, but at most four times the last wave
        assertEquals(4000, sizer.next());
        sizer.embedded(4000, 25.0); // 160 images/s
        assertEquals(4800, sizer.next());
        sizer.embedded(4800, 30.0);
        assertEquals(4800, sizer.next());
    }

    @Test
    void aFastDeviceReachesTheCapAndASlowOneKeepsTheMinimum() {
        WaveSizer fast = new WaveSizer(1000);
        for (int i = 0; i < 6; i++) {
            fast.embedded(fast.next(), fast.next() / 5000.0); // 5,000 images/s
        }
        assertEquals(WaveSizer.MAX_IMAGES, fast.next());
        WaveSizer slow = new WaveSizer(1000);
        slow.embedded(1000, 200.0);
        assertEquals(1000, slow.next());
    }

    @Test
    void aLastShortWaveChangesNothing() {
        WaveSizer sizer = new WaveSizer(1000);
        sizer.embedded(300, 0.1);
        assertEquals(1000, sizer.next());
    }
}
