package io.faceembed.inference.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import org.junit.jupiter.api.Test;

class SessionOptionsFactoryTest {

    private static boolean cudaBuild() {
        return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    }

    @Test
    void gpuOnACpuOnlyRuntimeFailsLoudlyNamingTheNativesAndHowToGetCuda() {
        assumeFalse(cudaBuild(), "this runtime has CUDA");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SessionOptionsFactory.forDevice("gpu", 0, 0));
        String m = e.getMessage();
        assertTrue(m.startsWith("--device gpu"), m);
        assertTrue(m.contains(OrtNatives.describe()), m);
        assertTrue(m.contains("onnxruntime_gpu") && m.contains("linux-x86_64-gpu")
                && m.contains("-D" + OrtNatives.PROPERTY), m);
    }

    @Test
    void cudaSessionsThatCannotStartFailWithTheGpuTheNativesAndTheFix() {
        assumeFalse(cudaBuild(), "this runtime has CUDA");
        OrtException e = assertThrows(OrtException.class, () -> SessionOptionsFactory.cuda(1).create());
        String m = e.getMessage();
        assertTrue(m.contains("CUDA provider on GPU 1 could not start"), m);
        assertTrue(m.contains(OrtNatives.describe()) && m.contains("-D" + OrtNatives.PROPERTY), m);
    }

    @Test
    void onlyGpuSessionsMergeConcurrentCalls() {
        assertEquals(0, SessionOptionsFactory.cpu(2).mergeLimit());
        assertEquals(SessionOptionsFactory.GPU_MERGE_LIMIT, SessionOptionsFactory.cuda(0).mergeLimit());
    }

    @Test
    void autoChoosesCpuWhenTheRuntimeHasNoCudaAndSaysSo() {
        assumeFalse(cudaBuild(), "this runtime has CUDA");
        assertEquals("CPU", SessionOptionsFactory.forDevice("auto", 1, 0).provider());
    }

    @Test
    void anUnknownDeviceIsRejectedNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SessionOptionsFactory.forDevice("tpu", 1, 0));
        assertTrue(e.getMessage().startsWith("--device"), e.getMessage());
    }

    @Test
    void cudaOptionsNameTheDeviceTheyRunOn() {
        assertEquals("CUDA:3", SessionOptionsFactory.cuda(3).provider());
    }
}
