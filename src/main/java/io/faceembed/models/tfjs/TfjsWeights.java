package io.faceembed.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a TensorFlow.js weights manifest ({@code *-weights_manifest.json}) and its binary shards into
 * dequantized float tensors. Weights are stored back to back across the shards of a group, in manifest order;
 * quantized weights are affine: {@code value = q * scale + min} (uint8/uint16), or IEEE half floats (float16).
 */
public final class TfjsWeights {

    private final Map<String, WeightTensor> tensors;

    private TfjsWeights(Map<String, WeightTensor> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    public static TfjsWeights read(Path manifest) throws IOException {
        JsonNode groups = new ObjectMapper().readTree(manifest.toFile());
        Map<String, WeightTensor> out = new LinkedHashMap<>();
        for (JsonNode group : groups) {
            ByteBuffer data = ByteBuffer.wrap(concatShards(manifest.getParent(), group.get("paths")))
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode spec : group.get("weights")) {
                WeightTensor t = readOne(spec, data);
                out.put(t.name(), t);
            }
            if (data.hasRemaining()) {
                throw new IOException(manifest + ": " + data.remaining() + " bytes left over after the last weight");
            }
        }
        return new TfjsWeights(out);
    }

    private static byte[] concatShards(Path dir, JsonNode paths) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (JsonNode p : paths) {
            bytes.write(Files.readAllBytes(dir.resolve(p.asText())));
        }
        return bytes.toByteArray();
    }

    private static WeightTensor readOne(JsonNode spec, ByteBuffer data) throws IOException {
        String name = spec.get("name").asText();
        JsonNode shapeNode = spec.get("shape");
        int[] shape = new int[shapeNode.size()];
        int count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asInt();
            count *= shape[i];
        }
        String dtype = spec.get("dtype").asText();
        JsonNode quant = spec.get("quantization");
        float[] values = new float[count];
        if (quant == null) {
            for (int i = 0; i < count; i++) {
                values[i] = switch (dtype) {
                    case "float32" -> data.getFloat();
                    case "int32" -> data.getInt();
                    default -> throw new IOException(name + ": unsupported dtype " + dtype);
                };
            }
            return new WeightTensor(name, shape, values);
        }
        String qtype = quant.get("dtype").asText();
        if (qtype.equals("float16")) {
            for (int i = 0; i < count; i++) {
                values[i] = halfToFloat(data.getShort());
            }
            return new WeightTensor(name, shape, values);
        }
        // JavaScript computes in doubles and stores into a Float32Array; so do we, for bit-identical weights
        double scale = quant.get("scale").asDouble();
        double min = quant.get("min").asDouble();
        for (int i = 0; i < count; i++) {
            int q = switch (qtype) {
                case "uint8" -> data.get() & 0xff;
                case "uint16" -> data.getShort() & 0xffff;
                default -> throw new IOException(name + ": unsupported quantization " + qtype);
            };
            double v = q * scale + min;
            values[i] = dtype.equals("int32") ? Math.round(v) : (float) v;
        }
        return new WeightTensor(name, shape, values);
    }

    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float sub = mant * 0x1p-24f;
            return sign == 0 ? sub : -sub;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    public WeightTensor get(String name) {
        WeightTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("weight '" + name + "' is not in the manifest");
        }
        return t;
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    public Map<String, WeightTensor> all() {
        return tensors;
    }
}
