package io.faceembed.inference.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;

/**
 * Creates session options for one device choice; {@link #provider()} names the execution provider it selects and
 * {@link #mergeLimit()} how many items concurrent calls of one model may be merged into (GPU only).
 */
public interface SessionOptionsFactory {

    /**
     * Items (images, faces) that concurrent calls of one model are merged into on a GPU. cuDNN refuses the
     * detector at 512 images (one of its activations, 512 x 64 x 256 x 256 values, passes 2^31: seen on an H200),
     * and each batch size a session sees costs a first run that plans it, so merged runs are padded to powers of
     * two up to this.
     */
    int GPU_MERGE_LIMIT = 128;

    /**
     * System property with more CUDA provider options, {@code key=value,key=value} (e.g. {@code prefer_nhwc=1}):
     * ONNX Runtime's own names, passed through; for trying a provider setting on a cluster without a new build.
     */
    String CUDA_OPTIONS_PROPERTY = "faceembed.cuda.options";

    OrtSession.SessionOptions create() throws OrtException;

    String provider();

    /** Items concurrent calls may be merged into (0: each call runs alone, as on a CPU). */
    default int mergeLimit() {
        return 0;
    }

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
                    throw new IllegalStateException("--device gpu: the ONNX Runtime natives loaded from "
                            + OrtNatives.describe() + " have no CUDA provider; " + OrtNatives.HOW_TO_GET_CUDA);
                }
                yield cuda(gpuId);
            }
            case "auto" -> cudaAvailable ? cuda(gpuId) : cpu(intraOpThreads);
            default -> throw new IllegalArgumentException("--device must be auto, cpu or gpu, not '" + device + "'");
        };
    }

    /** Whether the loaded ONNX Runtime natives have the CUDA provider; says nothing about a GPU being there. */
    static boolean cudaInThisBuild() {
        return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    }

    /**
     * CUDA execution on GPU {@code gpuId}; creating a session fails, never silently falls back. Takes the provider
     * through {@link OrtCUDAProviderOptions}, which both Microsoft's CUDA 12 natives and a CUDA 13 build of the
     * same API accept (the CPU jar's {@code addCUDA(int)} refuses: it checks its own build, not the natives).
     * cuDNN picks convolution algorithms by heuristics: the exhaustive search would run again for every new batch
     * size.
     */
    static SessionOptionsFactory cuda(int gpuId) {
        return new SessionOptionsFactory() {
            @Override
            public OrtSession.SessionOptions create() throws OrtException {
                OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
                try (OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(gpuId)) {
                    cuda.add("cudnn_conv_algo_search", "HEURISTIC");
                    for (String option : System.getProperty(CUDA_OPTIONS_PROPERTY, "").split(",")) {
                        int eq = option.indexOf('=');
                        if (eq > 0) {
                            cuda.add(option.substring(0, eq).strip(), option.substring(eq + 1).strip());
                        }
                    }
                    opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                    opts.setIntraOpNumThreads(1);
                    opts.addCUDA(cuda);
                    return opts;
                } catch (OrtException | RuntimeException e) {
                    opts.close();
                    throw new OrtException("CUDA provider on GPU " + gpuId + " could not start (" + e.getMessage()
                            + "); ONNX Runtime natives from " + OrtNatives.describe() + "; "
                            + OrtNatives.HOW_TO_GET_CUDA);
                }
            }

            @Override
            public String provider() {
                return "CUDA:" + gpuId;
            }

            @Override
            public int mergeLimit() {
                return GPU_MERGE_LIMIT;
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
