package io.faceembed.testing;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.faceembed.inference.onnx.SessionOptionsFactory;

/**
 * CPU sessions that the pipeline treats as a GPU's (provider {@code CUDA:0}, concurrent calls merged up to 16):
 * the GPU path's own logic, run where there is no GPU.
 */
public final class GpuPathSessions {

    private GpuPathSessions() {
    }

    public static SessionOptionsFactory onCpu() {
        SessionOptionsFactory cpu = SessionOptionsFactory.cpu(1);
        return new SessionOptionsFactory() {
            @Override
            public OrtSession.SessionOptions create() throws OrtException {
                return cpu.create();
            }

            @Override
            public String provider() {
                return "CUDA:0";
            }

            @Override
            public int mergeLimit() {
                return 16;
            }
        };
    }
}
