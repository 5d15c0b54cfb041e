package io.faceembed.testing;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** The operators of a model as ONNX Runtime runs it on the CPU, after all its graph optimisations. */
public final class OrtOps {

    private OrtOps() {
    }

    /** How many nodes of each operator type the optimised graph of {@code model} holds; writes it into {@code tmp}. */
    public static Map<String, Integer> asRun(Path model, Path tmp) throws Exception {
        Path optimized = tmp.resolve("optimized-" + model.getFileName());
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setOptimizedModelFilePath(optimized.toString());
            OrtEnvironment.getEnvironment().createSession(model.toString(), options).close();
        }
        Map<String, Integer> ops = new TreeMap<>();
        for (NodeProto n : ModelProto.parseFrom(Files.readAllBytes(optimized)).getGraph().getNodeList()) {
            ops.merge(n.getOpType(), 1, Integer::sum);
        }
        return ops;
    }
}
