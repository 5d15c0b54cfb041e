package io.faceembed.inference.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import org.junit.jupiter.api.Test;

class SessionOptionsFactoryTest {

    private static boolean cudaBuild() {
        return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    }

    @Test
    void gpuOnACpuOnlyRuntimeFailsLoudlyNamingTheGpuJar() {
        assumeFalse(cudaBuild(), "this runtime has CUDA");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SessionOptionsFactory.forDevice("gpu", 0, 0));
        assertTrue(e.getMessage().contains("--device gpu") && e.getMessage().contains("onnxruntime_gpu"),
                e.getMessage());
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
