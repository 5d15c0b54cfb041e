package io.faceembed.inference.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.ByteString;
import io.faceembed.models.onnx.OnnxAttr;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Rewrites a graph whose input is a square NCHW float image of pixel values 0..255 (side {@code C}) so that it
 * takes each image as 8-bit pixels at its own size and resizes it on the device: the CPU then only copies pixels
 * instead of interpolating C x C x 3 values per image (on a GPU executor the largest CPU cost per image).
 *
 * <p>The new input, a <em>canvas</em>, is uint8 {@code [N, C + 1, C, 3]}: rows 0..C-1 hold the image's square
 * (its pixels at the top left, HWC, zeros elsewhere), and the first two bytes of row C hold the square's side
 * {@code s} (low byte, high byte; {@code s <= C}). The graph resizes the square's top-left {@code s x s} pixels to
 * C x C exactly as {@code ImageResizer} does (TF.js {@code resizeBilinear}, no half-pixel centres: output index i
 * samples {@code i * s / C}, the upper neighbour clamped at {@code s - 1}), as two batched matrix products with
 * interpolation matrices built on the device from {@code s}: {@code W[i][k] = relu(1 - |k - min(i s / C, s - 1)|)},
 * so images of any side share one input shape and therefore one merged batch. Canvas rows of zeros (a merged
 * batch's padding) give a black image. Only standard ONNX operators (Slice, Cast, MatMul, ...), which every
 * execution provider runs.
 */
final class DeviceResize {

    private static final String PREFIX = "faceembed_device_resize/";

    private DeviceResize() {
    }

    /** The square side {@code C} of the graph's image input; the canvas is {@code [N, C + 1, C, 3]}. */
    private static int side(OnnxMl.GraphProto graph, String file) {
        OnnxMl.ValueInfoProto input = graph.getInput(0);
        OnnxMl.TensorShapeProto shape = input.getType().getTensorType().getShape();
        long c = shape.getDimCount() == 4 ? shape.getDim(2).getDimValue() : 0;
        if (c < 1 || shape.getDim(1).getDimValue() != 3 || shape.getDim(3).getDimValue() != c) {
            throw new IllegalArgumentException(file + ": resizing on the device needs an input of shape [N, 3, C, C],"
                    + " not " + shape);
        }
        return (int) c;
    }

    static byte[] rewrite(byte[] model, String file) {
        OnnxMl.ModelProto proto = FloatInputModel.parse(model, file, "resizing on the device");
        OnnxMl.GraphProto graph = proto.getGraph();
        OnnxMl.ValueInfoProto input = graph.getInput(0);
        int c = side(graph, file);
        Front front = new Front(c);
        String canvas = PREFIX + "canvas";
        front.build(canvas, input.getName());

        OnnxMl.TypeProto.Tensor.Builder type = OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(DataType.UINT8.getNumber());
        OnnxMl.TensorShapeProto.Builder shape = type.getShapeBuilder();
        shape.addDimBuilder().setDimParam("N");
        shape.addDimBuilder().setDimValue(c + 1L);
        shape.addDimBuilder().setDimValue(c);
        shape.addDimBuilder().setDimValue(3);
        OnnxMl.ValueInfoProto canvasInput = OnnxMl.ValueInfoProto.newBuilder().setName(canvas)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(type)).build();
        OnnxMl.GraphProto.Builder rewritten = graph.toBuilder().setInput(0, canvasInput).clearNode()
                .addAllNode(front.nodes).addAllNode(graph.getNodeList()).addAllInitializer(front.initializers);
        return proto.toBuilder().setGraph(rewritten).build().toByteArray();
    }

    /** The nodes in front of the network: canvas in, the resized NCHW float image out. */
    private static final class Front {
        final java.util.List<OnnxMl.NodeProto> nodes = new java.util.ArrayList<>();
        final java.util.List<OnnxMl.TensorProto> initializers = new java.util.ArrayList<>();
        private final int c;

        Front(int c) {
            this.c = c;
        }

        void build(String canvas, String resized) {
            String pixels = node("Slice", "pixels", canvas, ints("pixel_rows_from", 0), ints("pixel_rows_to", c),
                    ints("pixel_rows_axis", 1));
            String header = node("Slice", "header", canvas, ints("header_from", c, 0, 0),
                    ints("header_to", c + 1, 1, 2), ints("header_axes", 1, 2, 3));
            String headerValues = node("Reshape", "header_values", cast(header), ints("header_shape", -1, 2));
            // side = low byte + 256 x high byte, one per image: [N, 1]
            String side = node("MatMul", "side", headerValues, floats("byte_weights", new float[] {1, 256}, 2, 1));
            float[] ramp = new float[c];
            float[] columns = new float[c];
            for (int i = 0; i < c; i++) {
                ramp[i] = (float) i / c; // exact: c is the detector's 512, a power of two
                columns[i] = i;
            }
            String samples = node("Mul", "samples", side, floats("ramp", ramp, 1, c));
            String last = node("Sub", "last", side, floats("one", new float[] {1}));
            String clamped = node("Min", "clamped", samples, last);
            String distance = node("Sub", "distance", node("Unsqueeze", "clamped_column", clamped, ints("axis2", 2)),
                    floats("columns", columns, 1, 1, c));
            String weights = node("Relu", "weights",
                    node("Sub", "tent", floats("one_", new float[] {1}), node("Abs", "abs", distance)));
            String rowWeights = node("Unsqueeze", "row_weights", weights, ints("axis1", 1));
            String columnWeights = node("Transpose", "column_weights", new String[] {rowWeights},
                    OnnxAttr.ints("perm", 0, 1, 3, 2));
            String image = node("Transpose", "nchw", new String[] {cast(pixels)}, OnnxAttr.ints("perm", 0, 3, 1, 2));
            String rows = node("MatMul", "rows", rowWeights, image);
            nodes.add(OnnxMl.NodeProto.newBuilder().setOpType("MatMul").setName(PREFIX + "columns_resized")
                    .addInput(rows).addInput(columnWeights).addOutput(resized).build());
        }

        private String cast(String bytes) {
            return node("Cast", bytes.substring(PREFIX.length()) + "_float", new String[] {bytes},
                    OnnxAttr.integer("to", DataType.FLOAT.getNumber()));
        }

        private String node(String op, String name, String... inputs) {
            return node(op, name, inputs, new OnnxMl.AttributeProto[0]);
        }

        private String node(String op, String name, String[] inputs, OnnxMl.AttributeProto... attributes) {
            String out = PREFIX + name;
            OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(out).addOutput(out);
            for (String in : inputs) {
                n.addInput(in);
            }
            for (OnnxMl.AttributeProto a : attributes) {
                n.addAttribute(a);
            }
            nodes.add(n.build());
            return out;
        }

        private String ints(String name, long... values) {
            ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : values) {
                raw.putLong(v);
            }
            return initializer(name, DataType.INT64, raw.array(), values.length);
        }

        private String floats(String name, float[] values, long... dims) {
            ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                raw.putFloat(v);
            }
            return initializer(name, DataType.FLOAT, raw.array(), dims.length == 0 ? new long[] {values.length} : dims);
        }

        private String initializer(String name, DataType type, byte[] raw, long... dims) {
            String full = PREFIX + name;
            OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(full)
                    .setDataType(type.getNumber()).setRawData(ByteString.copyFrom(raw));
            for (long d : dims) {
                t.addDims(d);
            }
            initializers.add(t.build());
            return full;
        }
    }
}
