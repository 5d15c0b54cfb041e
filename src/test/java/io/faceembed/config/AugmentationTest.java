package io.faceembed.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AugmentationTest {

    @Test
    void labelsReadBackAsTheyAreWritten() {
        for (String label : new String[] {"none", "mirror", "jitter2", "jitter8", "jitter64"}) {
            assertEquals(label, Augmentation.parse(label).label());
        }
        assertEquals(Augmentation.MIRROR, Augmentation.parse(" Mirror "));
        assertEquals(Augmentation.MIRROR, Augmentation.parse(Augmentation.DEFAULT_LABEL));
    }

    @Test
    void jitterMirrorsTheLandmarksAndReplacesTheChipMirror() {
        Augmentation jitter = Augmentation.parse("jitter8");
        assertTrue(jitter.mirror());
        assertTrue(jitter.jitters());
        assertEquals(8, jitter.jitterCopies());
        assertFalse(Augmentation.NONE.mirror());
    }

    @ParameterizedTest
    @ValueSource(strings = {"flip", "jitter", "jitter1", "jitter65", "jitter-3", "jitterx", ""})
    void otherLabelsAreRefusedWithTheValuesThatWork(String label) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Augmentation.parse(label));
        assertTrue(e.getMessage().contains(Augmentation.LABELS), e.getMessage());
    }
}
