package io.faceembed.inference.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;

/** Reads a model that a rewrite of its input ({@link Uint8Input}, {@link DeviceResize}) applies to. */
final class FloatInputModel {

    private FloatInputModel() {
    }

    /**
     * The model in {@code bytes}, checked to have one float input.
     *
     * @param rewrite what is to be done to the input, for the message when it cannot be
     */
    static OnnxMl.ModelProto parse(byte[] bytes, String file, String rewrite) {
        OnnxMl.ModelProto proto;
        try {
            proto = OnnxMl.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(file + " is not an ONNX model: " + e.getMessage(), e);
        }
        OnnxMl.GraphProto graph = proto.getGraph();
        if (graph.getInputCount() != 1) {
            throw new IllegalArgumentException(file + ": " + rewrite + " needs a graph with one input, it has "
                    + graph.getInputCount());
        }
        OnnxMl.ValueInfoProto input = graph.getInput(0);
        if (input.getType().getTensorType().getElemType() != OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
            throw new IllegalArgumentException(file + ": input " + input.getName() + " is not float");
        }
        return proto;
    }
}
