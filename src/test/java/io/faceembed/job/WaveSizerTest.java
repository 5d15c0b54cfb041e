package io.faceembed.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Commit waves grow to ~30 s of embedding, fourfold at most per wave, never below the settings' size. */
class WaveSizerTest {

    @Test
    void wavesGrowTowardThirtySecondsOfWork() {
        WaveSizer sizer = new WaveSizer(1000, 100);
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
        WaveSizer fast = new WaveSizer(1000, 100);
        for (int i = 0; i < 6; i++) {
            fast.embedded(fast.next(), fast.next() / 5000.0); // 5,000 images/s
        }
        assertEquals(WaveSizer.MAX_IMAGES, fast.next());
        WaveSizer slow = new WaveSizer(1000, 100);
        slow.embedded(1000, 200.0);
        assertEquals(1000, slow.next());
    }

    @Test
    void everyWaveIsWholeChunksSoPartitionsAreTheSameChunksInEveryRun() {
        WaveSizer sizer = new WaveSizer(1000, 300);
        assertEquals(1200, sizer.next());
        sizer.embedded(1200, 9.1); // 132 images/s: 30 s is 3,956 images, rounded up to 14 chunks
        assertEquals(4200, sizer.next());
        WaveSizer other = new WaveSizer(1000, 300);
        other.embedded(1200, 11.0); // slower: 3,273 images, 11 chunks
        assertEquals(3300, other.next());
        assertEquals(0, sizer.next() % 300);
        assertEquals(0, other.next() % 300);
    }

    @Test
    void aLastShortWaveChangesNothing() {
        WaveSizer sizer = new WaveSizer(1000, 100);
        sizer.embedded(300, 0.1);
        assertEquals(1000, sizer.next());
    }
}
