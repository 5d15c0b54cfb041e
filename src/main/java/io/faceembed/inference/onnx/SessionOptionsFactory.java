package io.faceembed.inference.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/** Creates session options for one device choice; {@link #provider()} names the execution provider it selects. */
public interface SessionOptionsFactory {

    OrtSession.SessionOptions create() throws OrtException;

    String provider();

    /**
     * Options for a device choice: {@code cpu}; {@code gpu} (CUDA, fails loudly when the CUDA provider is not in
     * this ONNX Runtime build or cannot start); {@code auto} (CUDA when the runtime offers it, else CPU).
     */
    static SessionOptionsFactory forDevice(String device, int intraOpThreads, int gpuId) {
        boolean cudaAvailable = cudaInThisBuild();
        return switch (device) {
            case "cpu" -> cpu(intraOpThreads);
            case "gpu" -> {
                if (!cudaAvailable) {
                    throw new IllegalStateException("--device gpu: this ONNX Runtime build has no CUDA provider;"
                            + " put com.microsoft.onnxruntime:onnxruntime_gpu on the classpath (see conf/README.md)");
                }
                yield cuda(gpuId);
            }
            case "auto" -> cudaAvailable ? cuda(gpuId) : cpu(intraOpThreads);
            default -> throw new IllegalArgumentException("--device must be auto, cpu or gpu, not '" + device + "'");
        };
    }

    /** Whether this ONNX Runtime build has the CUDA provider (onnxruntime_gpu); says nothing about a GPU being there. */
    static boolean cudaInThisBuild() {
        return ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA);
    }

    /** CUDA execution on GPU {@code gpuId}; creating a session fails, never silently falls back. */
    static SessionOptionsFactory cuda(int gpuId) {
        return new SessionOptionsFactory() {
            @Override
            public OrtSession.SessionOptions create() throws OrtException {
                OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
                opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                opts.addCUDA(gpuId);
                return opts;
            }

            @Override
            public String provider() {
                return "CUDA:" + gpuId;
            }
        };
    }

    /**
     * CPU execution with {@code intraOpThreads} threads per session (0: ONNX Runtime decides); idle intra-op
     * threads do not spin.
     */
    static SessionOptionsFactory cpu(int intraOpThreads) {
        return new SessionOptionsFactory() {
            @Override
            public OrtSession.SessionOptions create() throws OrtException {
                OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
                opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                if (intraOpThreads > 0) {
                    opts.setIntraOpNumThreads(intraOpThreads);
                }
                opts.setInterOpNumThreads(1);
                // Idle pool threads sleep instead of spinning: with one session call per Spark task slot, or on a
                // shared machine, spinning threads burn the cores the other calls need. Measured on 2 busy cores:
                // one caller 3.6 -> 9-11.8 images/s, two callers 9.7 -> 13 images per CPU-second.
                opts.addConfigEntry("session.intra_op.allow_spinning", "0");
                return opts;
            }

            @Override
            public String provider() {
                return "CPU";
            }
        };
    }
}
