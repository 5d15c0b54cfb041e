package io.faceembed.models.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.models.onnx.OnnxGraphBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The float16 conversion on small graphs whose every tensor is known. */
class HalfPrecisionTest {

    private static final int FLOAT = TensorProto.DataType.FLOAT.getNumber();
    private static final int FLOAT16 = TensorProto.DataType.FLOAT16.getNumber();
    private static final int INT64 = TensorProto.DataType.INT64.getNumber();

    @TempDir
    Path dir;

    /** y = sigmoid(reshape(x * w + b, [1, 2])) on x of shape [2]: element-wise ops, one int64 shape. */
    private static ModelProto elementWise(float[] w) throws IOException {
        OnnxGraphBuilder g = new OnnxGraphBuilder("element_wise");
        String x = g.input("x", 2);
        String sum = g.add(g.mul(x, g.constant("w", w, 2)), g.constant("b", new float[] {1f, -2f}, 2));
        g.output(g.sigmoid(g.reshape(sum, 1, 2)), "y", 1, 2);
        return ModelProto.parseFrom(g.toBytes("test", "element-wise"));
    }

    @Test
    void weightsBecomeHalfBitsWhileInputAndOutputStayFloat() throws IOException {
        ModelProto half = HalfPrecision.convert(elementWise(new float[] {0.1f, -2f}), node -> false).model();
        GraphProto g = half.getGraph();

        Map<String, TensorProto> init = g.getInitializerList().stream()
                .collect(Collectors.toMap(TensorProto::getName, t -> t));
        TensorProto w = init.values().stream().filter(t -> t.getName().startsWith("w_")).findFirst().orElseThrow();
        assertEquals(FLOAT16, w.getDataType());
        assertArrayEquals(new int[] {0x2E66, 0xC000}, halfBits(w));
        TensorProto shape = init.values().stream().filter(t -> t.getName().startsWith("shape_")).findFirst()
                .orElseThrow();
        assertEquals(INT64, shape.getDataType(), "shape constants stay int64");

        assertEquals(FLOAT, g.getInput(0).getType().getTensorType().getElemType());
        assertEquals(FLOAT, g.getOutput(0).getType().getTensorType().getElemType());
        NodeProto first = g.getNode(0);
        assertEquals("Cast", first.getOpType());
        assertEquals(List.of("x"), first.getInputList());
        assertEquals(FLOAT16, first.getAttribute(0).getI());
        NodeProto last = g.getNode(g.getNodeCount() - 1);
        assertEquals("Cast", last.getOpType());
        assertEquals(List.of("y"), last.getOutputList());
        assertEquals(FLOAT, last.getAttribute(0).getI());
        assertTrue(g.getNodeList().stream().noneMatch(n -> n.getInputList().contains("x") && n != first),
                "only the Cast reads the float32 input");
    }

    @Test
    void theHalfGraphComputesWhatTheFloatGraphDoes() throws IOException {
        float[] x = {3f, 0.25f};
        ModelProto full = elementWise(new float[] {0.1f, -2f});
        float[] expected = run(full, "full.onnx", x);
        float[] half = run(HalfPrecision.convert(full, node -> false).model(), "half.onnx", x);
        // sigmoid(3 * 0.1 + 1) and sigmoid(0.25 * -2 - 2); 0.1 is 0.0999756 in half
        assertArrayEquals(new float[] {(float) sigmoid(1.3), (float) sigmoid(-2.5)}, expected, 1e-6f);
        assertArrayEquals(expected, half, 1e-3f);
    }

    @Test
    void theOutputTailAfterTheLastMatrixOpStaysFloat32() throws IOException {
        OnnxGraphBuilder g = new OnnxGraphBuilder("matmul_tail");
        String x = g.input("x", 1, 2);
        String product = g.matMul(x, g.constant("w", new float[] {1f, 2f, 3f, 4f}, 2, 2));
        g.output(g.sigmoid(g.add(product, g.constant("b", new float[] {0.5f, -0.5f}, 2))), "y", 1, 2);
        ModelProto full = ModelProto.parseFrom(g.toBytes("test", "matmul tail"));

        assertEquals(List.of("Add", "Sigmoid", "Identity"),
                full.getGraph().getNodeList().stream().filter(HalfPrecision.outputTail(full.getGraph())::contains)
                        .map(NodeProto::getOpType).toList());
        ModelProto half = HalfPrecision.convert(full).model();
        List<String> ops = half.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
        assertEquals(List.of("Cast", "MatMul", "Cast", "Add", "Sigmoid", "Identity"), ops);
        Map<String, Integer> types = half.getGraph().getInitializerList().stream()
                .collect(Collectors.toMap(t -> t.getName().substring(0, 1), TensorProto::getDataType));
        assertEquals(Map.of("w", FLOAT16, "b", FLOAT), types, "the tail's bias stays float32");

        float[] in = {0.5f, -1f};
        // [0.5, -1] x [[1, 2], [3, 4]] = [-2.5, -3]; + b = [-2, -3.5]
        float[] expected = {(float) sigmoid(-2), (float) sigmoid(-3.5)};
        assertArrayEquals(expected, run(half, "tail.onnx", in), 1e-6f);
    }

    @Test
    void constantsAndValueInfoFollowTheirValues() throws IOException {
        ModelProto full = elementWise(new float[] {1f, 1f});
        GraphProto.Builder g = full.getGraph().toBuilder();
        // y' = c * x through a Constant node, declared in value_info
        TensorProto c = TensorProto.newBuilder().setDataType(FLOAT).addDims(2).addFloatData(0.1f).addFloatData(-2f)
                .build();
        g.addNode(0, NodeProto.newBuilder().setOpType("Constant").setName("c").addOutput("c_out")
                .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                        .setT(c)));
        g.addValueInfo(ValueInfoProto.newBuilder().setName("c_out").setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(FLOAT))));
        ModelProto half = HalfPrecision.convert(full.toBuilder().setGraph(g).build(), node -> false).model();

        NodeProto constant = half.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Constant"))
                .findFirst().orElseThrow();
        assertEquals(FLOAT16, constant.getAttribute(0).getT().getDataType());
        assertArrayEquals(new int[] {0x2E66, 0xC000}, halfBits(constant.getAttribute(0).getT()));
        assertEquals(FLOAT16, half.getGraph().getValueInfo(0).getType().getTensorType().getElemType());
    }

    @Test
    void weightsBeyondTheHalfRangeAreReportedByName() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HalfPrecision.convert(elementWise(new float[] {70000f, 1f}), node -> false));
        assertTrue(e.getMessage().contains("w_") && e.getMessage().contains("70000"), e.getMessage());
    }

    @Test
    void weightsTooSmallForAHalfAreCounted() throws IOException {
        assertEquals(1, HalfPrecision.convert(elementWise(new float[] {1e-9f, 0f}), node -> false).flushedToZero());
    }

    @Test
    void anOpOfUnknownTypingIsRefused() throws IOException {
        OnnxGraphBuilder g = new OnnxGraphBuilder("unknown");
        String x = g.input("x", 1, 4);
        g.output(g.node("TopK", new String[] {x, g.constantInt64("k", new long[] {1}, 1)}), "y", 1, 1);
        ModelProto full = ModelProto.parseFrom(g.toBytes("test", "unknown op"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HalfPrecision.convert(full));
        assertTrue(e.getMessage().contains("TopK"), e.getMessage());
    }

    private float[] run(ModelProto model, String name, float[] x) throws IOException {
        Path file = Files.write(dir.resolve(name), model.toByteArray());
        long[] dims = model.getGraph().getInput(0).getType().getTensorType().getShape().getDimList().stream()
                .mapToLong(d -> d.getDimValue()).toArray();
        try (OnnxModel m = new OnnxModel(file, SessionOptionsFactory.cpu(1))) {
            return m.run(x, dims).get(0);
        }
    }

    private static int[] halfBits(TensorProto t) {
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int[] bits = new int[raw.remaining() / 2];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = raw.getShort() & 0xFFFF;
        }
        return bits;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
