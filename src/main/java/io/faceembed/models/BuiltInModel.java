package io.faceembed.models;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The models converted from face-api's npm package: where their weights are inside the package, which ONNX file
 * each becomes in each {@link Precision} it offers, and what the graph's tensors mean (written into the model's
 * manifest). The float nets also come in FP16; the 8-bit detector, landmark net and recogniser only as they are.
 */
public enum BuiltInModel {

    SSD_MOBILENET_V1("ssd_mobilenetv1", "ssd_mobilenetv1_model",
            "input: float32 [N,3,512,512] RGB 0..255 (normalised inside the graph to x/127.5-1); the image is padded"
                    + " to a square at the bottom/right and resized bilinearly",
            "boxes: SSD box encodings per anchor; scores: face probability per anchor (after sigmoid);"
                    + " decoded with the anchors and non-maximum suppression in Java"),
    SSD_MOBILENET_V1_INT8("ssd_mobilenetv1_int8", "ssd_mobilenetv1_model",
            "as ssd_mobilenetv1; inside, the backbone and extra layers run in 8 bits (QDQ: uint8 relu6 activations"
                    + " at 6/255 per step, int8 weights per output channel)",
            "as ssd_mobilenetv1", Set.of(Precision.FP32)),
    FACE_LANDMARK_68("face_landmark_68", "face_landmark_68_model",
            "input: float32 [N,3,112,112] RGB 0..255 (mean-subtracted and /255 inside the graph); the face box is"
                    + " padded to a centred square and resized bilinearly",
            "landmarks: float32 [N,136], 68 (x,y) points relative to the padded square"),
    FACE_LANDMARK_68_INT8("face_landmark_68_int8", "face_landmark_68_model",
            "as face_landmark_68; inside, every conv and every sum runs in 8 bits (QDQ: uint8 activations at ranges"
                    + " calibrated on faces of the sample's group photos, int8 weights per output channel)",
            "as face_landmark_68", Set.of(Precision.FP32)),
    FACE_RECOGNITION("dlib_face_recognition", "face_recognition_model",
            "input: float32 [N,3,150,150] RGB 0..255 (mean RGB 122.782,117.001,104.298 subtracted and /255 inside the"
                    + " graph); the aligned face box padded to a centred square and resized bilinearly",
            "embedding: float32 [N,128], dlib's face descriptor (not L2-normalised; faceembed normalises it)"),
    FACE_RECOGNITION_INT8("dlib_face_recognition_int8", "face_recognition_model",
            "as dlib_face_recognition; inside, every conv runs in 8 bits (QDQ: uint8 activations at ranges"
                    + " calibrated on faces of the sample's group photos, int8 weights per output channel)",
            "as dlib_face_recognition", Set.of(Precision.FP32));

    public static final String PACKAGE = "@vladmandic/face-api";
    public static final String VERSION = "1.7.15";
    public static final String LICENSE = "MIT (face-api package, by Vladimir Mandic and Vincent Muehler)";
    /** npm's integrity value for the pinned tarball; a download that does not match is rejected. */
    public static final String INTEGRITY =
            "sha512-WDMmK3CfNLo8jylWqMoQgf4nIst3M0fzx1dnac96wv/dvMTN4DxC/Pq1DGtduDk1lktCamQ3MIDXFnvrdHTXDw==";

    private final String fileStem;
    private final String weightsName;
    private final String inputDoc;
    private final String outputDoc;
    private final Set<Precision> precisions;

    BuiltInModel(String fileStem, String weightsName, String inputDoc, String outputDoc) {
        this(fileStem, weightsName, inputDoc, outputDoc, EnumSet.allOf(Precision.class));
    }

    BuiltInModel(String fileStem, String weightsName, String inputDoc, String outputDoc, Set<Precision> precisions) {
        this.fileStem = fileStem;
        this.weightsName = weightsName;
        this.inputDoc = inputDoc;
        this.outputDoc = outputDoc;
        this.precisions = Collections.unmodifiableSet(EnumSet.copyOf(precisions));
    }

    /** The detector file of a built-in detector name ({@code ssd}, {@code ssd-int8}), or {@code null}. */
    public static BuiltInModel detector(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "ssd" -> SSD_MOBILENET_V1;
            case "ssd-int8" -> SSD_MOBILENET_V1_INT8;
            default -> null;
        };
    }

    /** The recogniser file of a built-in model name ({@code Dlib}, {@code Dlib-int8}), or {@code null}. */
    public static BuiltInModel recogniser(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "dlib" -> FACE_RECOGNITION;
            case "dlib-int8" -> FACE_RECOGNITION_INT8;
            default -> null;
        };
    }

    /** The landmark net that goes with a built-in recogniser: in 8 bits with the 8-bit recogniser. */
    public static BuiltInModel landmarksFor(BuiltInModel recogniser) {
        return recogniser == FACE_RECOGNITION_INT8 ? FACE_LANDMARK_68_INT8 : FACE_LANDMARK_68;
    }

    /** The precisions this model is installed in (always FP32). */
    public Set<Precision> precisions() {
        return precisions;
    }

    /** The float32 ONNX file. */
    public String onnxFile() {
        return onnxFile(Precision.FP32);
    }

    /**
     * The ONNX file in {@code precision}, e.g. {@code ssd_mobilenetv1_fp16.onnx}.
     *
     * @throws IllegalArgumentException when this model does not come in that precision
     */
    public String onnxFile(Precision precision) {
        return stem(precision) + ".onnx";
    }

    /** The float32 file's manifest. */
    public String manifestFile() {
        return manifestFile(Precision.FP32);
    }

    /** The manifest of the file in {@code precision}; throws as {@link #onnxFile(Precision)}. */
    public String manifestFile(Precision precision) {
        return stem(precision) + ".manifest.json";
    }

    private String stem(Precision precision) {
        if (!precisions.contains(precision)) {
            throw new IllegalArgumentException(fileStem + " does not come in " + precision.label() + " (it comes in "
                    + precisions.stream().map(Precision::label).toList() + ")");
        }
        return fileStem + precision.fileSuffix();
    }

    public String weightsManifest() {
        return weightsName + "-weights_manifest.json";
    }

    public String weightsShard() {
        return weightsName + ".bin";
    }

    public String inputDoc() {
        return inputDoc;
    }

    public String outputDoc() {
        return outputDoc;
    }
}
