package io.faceembed.models.convert;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.faceembed.models.onnx.Float16;
import io.faceembed.models.onnx.OnnxAttr;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

/**
 * A float32 copy of a float16 model that rounds every value the float16 graph holds to the nearest half: what
 * float16 kernels with float32 accumulation (a GPU's tensor cores) compute, on a CPU. ONNX Runtime's CPU provider
 * runs a float16 graph in float32 between the input and output Casts (it has no float16 kernels for most ops, and
 * its inserted Casts are "precision free"), so without this copy only the rounding of the weights would show.
 */
final class Float16Arithmetic {

    private static final int FLOAT = TensorProto.DataType.FLOAT.getNumber();
    private static final int FLOAT16 = TensorProto.DataType.FLOAT16.getNumber();

    private Float16Arithmetic() {
    }

    static ModelProto of(ModelProto half) {
        GraphProto g = half.getGraph();
        Set<String> halfValues = new HashSet<>();
        GraphProto.Builder out = g.toBuilder().clearNode().clearInitializer().clearValueInfo();
        for (TensorProto t : g.getInitializerList()) {
            if (t.getDataType() == FLOAT16) {
                halfValues.add(t.getName());
                out.addInitializer(toFloat(t));
            } else {
                out.addInitializer(t);
            }
        }
        for (NodeProto n : g.getNodeList()) {
            boolean castToHalf = n.getOpType().equals("Cast") && n.getAttribute(0).getI() == FLOAT16;
            boolean computesInHalf = !n.getOpType().equals("Cast") && n.getInputCount() > 0
                    && halfValues.contains(n.getInput(0));
            if (!castToHalf && !computesInHalf) {
                out.addNode(n);
                continue;
            }
            String value = n.getOutput(0);
            halfValues.add(value);
            out.addNode(n.toBuilder().setOutput(0, value + "_unrounded"));
            out.addNode(cast(value + "_unrounded", value + "_half", FLOAT16));
            out.addNode(cast(value + "_half", value, FLOAT));
        }
        return half.toBuilder().setGraph(out).build();
    }

    private static NodeProto cast(String from, String to, int type) {
        return NodeProto.newBuilder().setOpType("Cast").setName("round_" + to).addInput(from).addOutput(to)
                .addAttribute(OnnxAttr.integer("to", type)).build();
    }

    private static TensorProto toFloat(TensorProto t) {
        ByteBuffer in = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(in.remaining() * 2).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            out.putFloat(Float16.toFloat(in.getShort()));
        }
        return t.toBuilder().setDataType(FLOAT).setRawData(ByteString.copyFrom(out.array())).build();
    }
}
