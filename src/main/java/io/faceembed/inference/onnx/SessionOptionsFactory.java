package io.faceembed.inference.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/** Creates session options for one device choice; {@link #provider()} names the execution provider it selects. */
public interface SessionOptionsFactory {

    OrtSession.SessionOptions create() throws OrtException;

    String provider();

    /** CPU execution with {@code intraOpThreads} threads per session (0: ONNX Runtime decides). */
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
                return opts;
            }

            @Override
            public String provider() {
                return "CPU";
            }
        };
    }
}
