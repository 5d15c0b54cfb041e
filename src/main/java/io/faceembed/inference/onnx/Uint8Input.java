package io.faceembed.inference.onnx;

import ai.onnx.proto.OnnxMl;

/**
 * Rewrites a graph whose float input holds pixel values 0..255 so that it takes them as 8-bit integers: the input
 * becomes UINT8 of the same shape and a Cast to float feeds the rest of the graph. A quarter of the bytes to fill,
 * merge and copy to a GPU per image; the network itself is unchanged.
 */
final class Uint8Input {

    private Uint8Input() {
    }

    static byte[] rewrite(byte[] model, String file) {
        OnnxMl.ModelProto proto = FloatInputModel.parse(model, file, "an 8-bit input");
        OnnxMl.GraphProto graph = proto.getGraph();
        OnnxMl.ValueInfoProto input = graph.getInput(0);
        OnnxMl.TypeProto.Tensor tensor = input.getType().getTensorType();
        String bytesName = input.getName() + "_uint8";
        OnnxMl.ValueInfoProto byteInput = input.toBuilder().setName(bytesName)
                .setType(input.getType().toBuilder().setTensorType(
                        tensor.toBuilder().setElemType(OnnxMl.TensorProto.DataType.UINT8.getNumber())))
                .build();
        OnnxMl.NodeProto cast = OnnxMl.NodeProto.newBuilder().setOpType("Cast").setName("uint8_to_float")
                .addInput(bytesName).addOutput(input.getName())
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("to")
                        .setType(OnnxMl.AttributeProto.AttributeType.INT)
                        .setI(OnnxMl.TensorProto.DataType.FLOAT.getNumber()))
                .build();
        OnnxMl.GraphProto.Builder rewritten = graph.toBuilder().setInput(0, byteInput).clearNode().addNode(cast)
                .addAllNode(graph.getNodeList());
        return proto.toBuilder().setGraph(rewritten).build().toByteArray();
    }
}
