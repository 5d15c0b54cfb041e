package io.faceembed.models.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Builds an ONNX graph node by node. Names are generated deterministically, so the same calls give byte-identical
 * model files. A dimension of {@code -1} in an input or output shape is the symbolic batch dimension {@code N}.
 */
public final class OnnxGraphBuilder {

    public static final int OPSET = 17;
    private static final TensorProto.DataType FLOAT = TensorProto.DataType.FLOAT;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private int counter;

    public OnnxGraphBuilder(String graphName) {
        graph.setName(graphName);
    }

    public String input(String name, long... dims) {
        claim(name);
        graph.addInput(valueInfo(name, dims));
        return name;
    }

    /** Marks {@code value} as a graph output named {@code name} (an Identity node is added when they differ). */
    public void output(String value, String name, long... dims) {
        String out = value;
        if (!value.equals(name)) {
            claim(name);
            graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName("out_" + name)
                    .addInput(value).addOutput(name));
            out = name;
        }
        graph.addOutput(valueInfo(out, dims));
    }

    public void metadata(String key, String value) {
        metadata.put(key, value);
    }

    public String constant(String hint, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        return initializer(hint, FLOAT, dims, raw.array());
    }

    public String constantInt64(String hint, long[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        return initializer(hint, TensorProto.DataType.INT64, dims, raw.array());
    }

    public String constantInt8(String hint, byte[] values, long... dims) {
        return initializer(hint, TensorProto.DataType.INT8, dims, values);
    }

    public String constantUint8(String hint, byte[] values, long... dims) {
        return initializer(hint, TensorProto.DataType.UINT8, dims, values);
    }

    public String constantInt32(String hint, int[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            raw.putInt(v);
        }
        return initializer(hint, TensorProto.DataType.INT32, dims, raw.array());
    }

    /** A new initializer named after {@code hint} holding {@code raw} (little-endian) as {@code type}. */
    private String initializer(String hint, TensorProto.DataType type, long[] dims, byte[] raw) {
        String name = fresh(hint);
        graph.addInitializer(tensor(name, type, dims, raw));
        return name;
    }

    public String scalar(String hint, float value) {
        return constant(hint, new float[] {value});
    }

    /** Adds a node with one output and returns the output's name. */
    public String node(String op, String[] inputs, AttributeProto... attrs) {
        return nodeN(op, inputs, 1, attrs)[0];
    }

    public String[] nodeN(String op, String[] inputs, int outputs, AttributeProto... attrs) {
        String base = fresh(op.toLowerCase(java.util.Locale.ROOT));
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(base);
        for (String in : inputs) {
            n.addInput(in);
        }
        String[] outs = new String[outputs];
        for (int i = 0; i < outputs; i++) {
            outs[i] = i == 0 ? base : fresh(base + "_" + i);
            n.addOutput(outs[i]);
        }
        for (AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return outs;
    }

    // ---- common layers -------------------------------------------------------------------------------------

    /**
     * 2-D convolution on NCHW data. {@code pads} is {top, left, bottom, right}, as TensorFlow's 'same' padding
     * may be asymmetric.
     */
    public String conv(String x, String weight, String bias, int stride, int[] pads, int group) {
        String[] in = bias == null ? new String[] {x, weight} : new String[] {x, weight, bias};
        return node("Conv", in,
                OnnxAttr.ints("strides", stride, stride),
                OnnxAttr.ints("pads", pads[0], pads[1], pads[2], pads[3]),
                OnnxAttr.integer("group", group));
    }

    public String relu(String x) {
        return node("Relu", new String[] {x});
    }

    public String add(String a, String b) {
        return node("Add", new String[] {a, b});
    }

    public String sub(String a, String b) {
        return node("Sub", new String[] {a, b});
    }

    public String mul(String a, String b) {
        return node("Mul", new String[] {a, b});
    }

    public String div(String a, String b) {
        return node("Div", new String[] {a, b});
    }

    public String sigmoid(String x) {
        return node("Sigmoid", new String[] {x});
    }

    public String clip(String x, float min, float max) {
        return node("Clip", new String[] {x, scalar("clip_min", min), scalar("clip_max", max)});
    }

    public String maxPool(String x, int kernel, int stride, int[] pads) {
        return node("MaxPool", new String[] {x},
                OnnxAttr.ints("kernel_shape", kernel, kernel),
                OnnxAttr.ints("strides", stride, stride),
                OnnxAttr.ints("pads", pads[0], pads[1], pads[2], pads[3]));
    }

    /** Average pooling; padded cells are left out of the average, as in TensorFlow. */
    public String avgPool(String x, int kernel, int stride, int[] pads) {
        return node("AveragePool", new String[] {x},
                OnnxAttr.ints("kernel_shape", kernel, kernel),
                OnnxAttr.ints("strides", stride, stride),
                OnnxAttr.ints("pads", pads[0], pads[1], pads[2], pads[3]),
                OnnxAttr.integer("count_include_pad", 0));
    }

    public String matMul(String a, String b) {
        return node("MatMul", new String[] {a, b});
    }

    public String concat(int axis, String... inputs) {
        return node("Concat", inputs, OnnxAttr.integer("axis", axis));
    }

    public String reshape(String x, long... shape) {
        return node("Reshape", new String[] {x, constantInt64("shape", shape, shape.length)});
    }

    public String transpose(String x, long... perm) {
        return node("Transpose", new String[] {x}, OnnxAttr.ints("perm", perm));
    }

    public String pad(String x, long[] pads) {
        return node("Pad", new String[] {x, constantInt64("pads", pads, pads.length)});
    }

    public String globalAveragePool(String x) {
        return node("GlobalAveragePool", new String[] {x});
    }

    public byte[] toBytes(String producer, String docString) {
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName(producer)
                .setDocString(docString)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph);
        metadata.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build().toByteArray();
    }

    private String fresh(String hint) {
        String name = hint + "_" + (counter++);
        claim(name);
        return name;
    }

    private void claim(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("duplicate ONNX value name " + name);
        }
    }

    private static ValueInfoProto valueInfo(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(FLOAT.getNumber()).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private static TensorProto tensor(String name, TensorProto.DataType type, long[] dims, byte[] raw) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
                .setRawData(com.google.protobuf.ByteString.copyFrom(raw));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }
}
