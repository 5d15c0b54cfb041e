package io.faceembed.models.convert;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import io.faceembed.models.onnx.Float16;
import io.faceembed.models.onnx.OnnxAttr;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns a float32 ONNX model, as faceembed's converters write it, into one that computes in float16 (for GPUs,
 * whose tensor cores run float16) while its inputs and outputs stay float32, so the code feeding and reading
 * tensors does not change.
 *
 * <p>Float initializers and Constant tensors become FLOAT16 ({@code raw_data}, little-endian), value_info entries
 * follow, and a Cast to float16 follows each graph input. Nodes that {@code keepFloat32} selects stay in float32:
 * a Cast is placed on every edge between the two precisions, and the weights only they use stay float32. A graph
 * output computed in float16 gets a Cast to float32 under its own name. {@link #convert(ModelProto)} keeps the
 * {@linkplain #outputTail output tail} in float32, so the Casts back sit after the last matrix ops. Integer tensors
 * (shapes, pads, slice bounds) are left alone.
 *
 * <p>A weight beyond the half range (|x| &gt; 65504) is an error naming the tensor, never a silent infinity.
 * Nonzero weights at or below 2^-25 become zero; {@link Result#flushedToZero()} counts them.
 */
public final class HalfPrecision {

    /** The float16 model, and how many nonzero float32 weights were too small for a half and became zero. */
    public record Result(ModelProto model, long flushedToZero) {
    }

    /** Ops whose float inputs and single output share one element type, so float16 is as valid as float32. */
    private static final Set<String> SAME_TYPE_OPS = Set.of("Abs", "Add", "AveragePool", "Clip", "Concat", "Conv",
            "Div", "Exp", "Flatten", "Gemm", "GlobalAveragePool", "Identity", "LeakyRelu", "MatMul", "MaxPool", "Mul",
            "Neg", "Pad", "Relu", "Reshape", "Sigmoid", "Slice", "Softmax", "Sqrt", "Squeeze", "Sub", "Tanh",
            "Transpose", "Unsqueeze");
    private static final Set<String> MATRIX_OPS = Set.of("Conv", "MatMul", "Gemm");
    private static final int FLOAT = TensorProto.DataType.FLOAT.getNumber();
    private static final int FLOAT16 = TensorProto.DataType.FLOAT16.getNumber();

    private final GraphProto graph;
    private final Predicate<NodeProto> keepFloat32;
    /** Element type of every value in the float32 graph. */
    private final Map<String, Integer> types = new HashMap<>();
    /** Float values computed or stored in float16 in the new graph. */
    private final Set<String> half = new HashSet<>();
    /** Per float value: its name in float16 and in float32, where the new graph has that version. */
    private final Map<String, String> halfName = new HashMap<>();
    private final Map<String, String> floatName = new HashMap<>();
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> graphOutputs = new HashSet<>();
    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<String> overflows = new ArrayList<>();
    private long flushedToZero;

    private HalfPrecision(GraphProto graph, Predicate<NodeProto> keepFloat32) {
        this.graph = graph;
        this.keepFloat32 = keepFloat32;
    }

    /** Every node in float16 except the {@linkplain #outputTail output tail}, which stays float32. */
    public static Result convert(ModelProto model) {
        return convert(model, outputTail(model.getGraph())::contains);
    }

    /** Every node in float16 except those {@code keepFloat32} selects. */
    public static Result convert(ModelProto model, Predicate<NodeProto> keepFloat32) {
        return new HalfPrecision(model.getGraph(), keepFloat32).run(model);
    }

    /**
     * The nodes between the last matrix op (Conv, MatMul, Gemm) and the graph outputs: those whose outputs go
     * only to such nodes or out of the graph. They are element-wise work and data movement (a bias, a sigmoid, box
     * decoding, reshapes) that costs little in float32, while in float16 they would round the values read out:
     * a detector score near 1 to steps of 2^-11, which decides between two boxes that overlap almost as well.
     * In a graph without a matrix op that is every node.
     */
    public static Set<NodeProto> outputTail(GraphProto graph) {
        Set<String> outputs = new HashSet<>();
        graph.getOutputList().forEach(v -> outputs.add(v.getName()));
        Map<String, Integer> consumers = new HashMap<>();
        for (NodeProto n : graph.getNodeList()) {
            n.getInputList().forEach(in -> consumers.merge(in, 1, Integer::sum));
        }
        Map<String, Integer> tailConsumers = new HashMap<>();
        Set<NodeProto> tail = Collections.newSetFromMap(new IdentityHashMap<>());
        List<NodeProto> reversed = new ArrayList<>(graph.getNodeList());
        Collections.reverse(reversed);
        for (NodeProto n : reversed) {
            boolean feedsOnlyTail = n.getOutputList().stream().allMatch(o -> {
                int uses = consumers.getOrDefault(o, 0);
                return uses == tailConsumers.getOrDefault(o, 0) && (uses > 0 || outputs.contains(o));
            });
            if (!MATRIX_OPS.contains(n.getOpType()) && feedsOnlyTail) {
                tail.add(n);
                n.getInputList().forEach(in -> tailConsumers.merge(in, 1, Integer::sum));
            }
        }
        return tail;
    }

    private Result run(ModelProto model) {
        inferTypes();
        choosePrecisions();
        GraphProto.Builder out = graph.toBuilder().clearNode().clearInitializer().clearValueInfo();
        for (TensorProto t : graph.getInitializerList()) {
            out.addInitializer(half.contains(t.getName()) ? toHalf(t) : t);
        }
        for (NodeProto n : graph.getNodeList()) {
            emit(n);
        }
        if (!overflows.isEmpty()) {
            throw new IllegalArgumentException("model " + graph.getName() + " has float32 weights beyond the float16"
                    + " range (|x| > 65504): " + String.join("; ", overflows));
        }
        out.addAllNode(nodes);
        for (ValueInfoProto v : graph.getValueInfoList()) {
            out.addValueInfo(half.contains(v.getName()) && !graphOutputs.contains(v.getName()) ? halfType(v) : v);
        }
        ModelProto.Builder converted = model.toBuilder().setGraph(out);
        converted.addMetadataProps(StringStringEntryProto.newBuilder().setKey("precision")
                .setValue("fp16 inside; inputs and outputs float32"));
        return new Result(converted.build(), flushedToZero);
    }

    /** Element types of all values, from the initializers and inputs forward through the (sorted) nodes. */
    private void inferTypes() {
        for (TensorProto t : graph.getInitializerList()) {
            types.put(t.getName(), t.getDataType());
            usedNames.add(t.getName());
        }
        for (ValueInfoProto v : graph.getInputList()) {
            types.putIfAbsent(v.getName(), v.getType().getTensorType().getElemType());
            usedNames.add(v.getName());
        }
        for (ValueInfoProto v : graph.getOutputList()) {
            graphOutputs.add(v.getName());
        }
        for (NodeProto n : graph.getNodeList()) {
            usedNames.add(n.getName());
            usedNames.addAll(n.getOutputList());
            int type = switch (n.getOpType()) {
                case "Cast" -> (int) attribute(n, "to").getI();
                case "Constant" -> constantType(n);
                default -> {
                    if (!SAME_TYPE_OPS.contains(n.getOpType()) || n.getOutputCount() != 1) {
                        throw new IllegalArgumentException("float16 conversion does not know op " + n.getOpType()
                                + " with " + n.getOutputCount() + " outputs (node " + n.getName() + ")");
                    }
                    Integer first = n.getInputCount() == 0 ? null : types.get(n.getInput(0));
                    if (first == null) {
                        throw new IllegalArgumentException("node " + n.getName() + " reads a value of unknown type");
                    }
                    yield first;
                }
            };
            types.put(n.getOutput(0), type);
        }
    }

    /**
     * Node outputs take their node's precision; graph inputs stay float32; a float initializer goes to float16
     * unless a float32 node uses it or it is itself a graph output.
     */
    private void choosePrecisions() {
        // Graph inputs are float32; an initializer listed among them (old IR versions) must stay so.
        Set<String> usedInFloat32 = new HashSet<>(graphOutputs);
        graph.getInputList().forEach(v -> usedInFloat32.add(v.getName()));
        for (NodeProto n : graph.getNodeList()) {
            boolean inHalf = !keepFloat32.test(n);
            if (!inHalf) {
                usedInFloat32.addAll(n.getInputList());
            }
            for (String o : n.getOutputList()) {
                if (inHalf && isFloat(o)) {
                    half.add(o);
                }
            }
        }
        for (TensorProto t : graph.getInitializerList()) {
            if (isFloat(t.getName()) && !usedInFloat32.contains(t.getName())) {
                half.add(t.getName());
            }
        }
        for (String v : types.keySet()) {
            if (isFloat(v)) {
                (half.contains(v) ? halfName : floatName).put(v, v);
            }
        }
    }

    private void emit(NodeProto n) {
        boolean inHalf = !keepFloat32.test(n);
        NodeProto.Builder b = n.toBuilder().clearInput().clearOutput();
        for (String in : n.getInputList()) {
            b.addInput(in.isEmpty() || !isFloat(in) ? in : version(in, inHalf));
        }
        List<String> backToFloat = new ArrayList<>();
        for (String o : n.getOutputList()) {
            if (inHalf && isFloat(o) && graphOutputs.contains(o)) {
                String renamed = fresh(o + "_fp16");
                halfName.put(o, renamed);
                b.addOutput(renamed);
                backToFloat.add(o);
            } else {
                b.addOutput(o);
            }
        }
        if (inHalf) {
            halfAttributes(n, b);
        }
        nodes.add(b.build());
        for (String o : backToFloat) {
            nodes.add(cast(halfName.get(o), o, FLOAT));
            floatName.put(o, o);
        }
    }

    /** The name of {@code value} in the wanted precision, casting it (once) when the graph has only the other. */
    private String version(String value, boolean wantHalf) {
        Map<String, String> wanted = wantHalf ? halfName : floatName;
        String name = wanted.get(value);
        if (name == null) {
            String from = (wantHalf ? floatName : halfName).get(value);
            name = fresh(value + (wantHalf ? "_fp16" : "_fp32"));
            nodes.add(cast(from, name, wantHalf ? FLOAT16 : FLOAT));
            wanted.put(value, name);
        }
        return name;
    }

    /** A Constant's float tensor becomes float16; a Cast to float casts to float16. */
    private void halfAttributes(NodeProto n, NodeProto.Builder b) {
        if (n.getOpType().equals("Cast") && attribute(n, "to").getI() == FLOAT) {
            replaceAttribute(b, OnnxAttr.integer("to", FLOAT16));
        } else if (n.getOpType().equals("Constant") && constantType(n) == FLOAT) {
            AttributeProto a = n.getAttribute(0);
            TensorProto t = switch (a.getName()) {
                case "value" -> a.getT();
                case "value_float" -> floatTensor(new float[] {a.getF()});
                case "value_floats" -> floatTensor(a.getFloatsList()).toBuilder().addDims(a.getFloatsCount()).build();
                default -> throw new IllegalArgumentException("Constant " + n.getName() + ": attribute " + a.getName());
            };
            b.clearAttribute().addAttribute(AttributeProto.newBuilder().setName("value")
                    .setType(AttributeProto.AttributeType.TENSOR).setT(toHalf(t.toBuilder().setName(n.getOutput(0))
                            .build())));
        }
    }

    private TensorProto toHalf(TensorProto t) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new IllegalArgumentException("tensor " + t.getName() + " is stored outside the model file");
        }
        float[] values = floats(t);
        ByteBuffer raw = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        int overflowed = 0;
        float largest = 0;
        for (float v : values) {
            short h = Float16.fromFloat(v);
            if (Float16.overflows(v)) {
                overflowed++;
                largest = Math.max(largest, Math.abs(v));
            } else if (v != 0 && (h & 0x7FFF) == 0) {
                flushedToZero++;
            }
            raw.putShort(h);
        }
        if (overflowed > 0) {
            overflows.add(String.format(Locale.ROOT, "%s: %d values, largest |x| %g", t.getName(), overflowed,
                    largest));
        }
        return t.toBuilder().clearFloatData().clearRawData().setDataType(FLOAT16)
                .setRawData(ByteString.copyFrom(raw.array())).build();
    }

    private static float[] floats(TensorProto t) {
        if (!t.getRawData().isEmpty()) {
            ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[raw.remaining() / 4];
            raw.asFloatBuffer().get(values);
            return values;
        }
        float[] values = new float[t.getFloatDataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = t.getFloatData(i);
        }
        return values;
    }

    private static TensorProto floatTensor(float[] values) {
        TensorProto.Builder t = TensorProto.newBuilder().setDataType(FLOAT);
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }

    private static TensorProto floatTensor(List<Float> values) {
        TensorProto.Builder t = TensorProto.newBuilder().setDataType(FLOAT);
        t.addAllFloatData(values);
        return t.build();
    }

    private static ValueInfoProto halfType(ValueInfoProto v) {
        TypeProto.Builder type = v.getType().toBuilder();
        type.getTensorTypeBuilder().setElemType(FLOAT16);
        return v.toBuilder().setType(type).build();
    }

    private NodeProto cast(String from, String to, int type) {
        return NodeProto.newBuilder().setOpType("Cast").setName(fresh("cast_" + to)).addInput(from).addOutput(to)
                .addAttribute(OnnxAttr.integer("to", type)).build();
    }

    private boolean isFloat(String value) {
        Integer type = types.get(value);
        return type != null && type == FLOAT;
    }

    private static int constantType(NodeProto n) {
        if (n.getAttributeCount() != 1) {
            throw new IllegalArgumentException("Constant " + n.getName() + " needs exactly one attribute");
        }
        AttributeProto a = n.getAttribute(0);
        return switch (a.getName()) {
            case "value" -> a.getT().getDataType();
            case "value_float", "value_floats" -> FLOAT;
            case "value_int", "value_ints" -> TensorProto.DataType.INT64.getNumber();
            default -> throw new IllegalArgumentException("Constant " + n.getName() + ": attribute " + a.getName()
                    + " is not supported");
        };
    }

    private static AttributeProto attribute(NodeProto n, String name) {
        return n.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(n.getOpType() + " " + n.getName() + " has no " + name));
    }

    private static void replaceAttribute(NodeProto.Builder b, AttributeProto replacement) {
        for (int i = 0; i < b.getAttributeCount(); i++) {
            if (b.getAttribute(i).getName().equals(replacement.getName())) {
                b.setAttribute(i, replacement);
            }
        }
    }

    private String fresh(String hint) {
        String name = hint;
        for (int i = 1; !usedNames.add(name); i++) {
            name = hint + "_" + i;
        }
        return name;
    }
}
