package io.faceembed.models;

/**
 * The models converted from face-api's npm package: where their weights are inside the package, which ONNX file
 * each becomes, and what the graph's tensors mean (written into the model's manifest).
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
            "as ssd_mobilenetv1"),
    FACE_LANDMARK_68("face_landmark_68", "face_landmark_68_model",
            "input: float32 [N,3,112,112] RGB 0..255 (mean-subtracted and /255 inside the graph); the face box is"
                    + " padded to a centred square and resized bilinearly",
            "landmarks: float32 [N,136], 68 (x,y) points relative to the padded square"),
    FACE_RECOGNITION("dlib_face_recognition", "face_recognition_model",
            "input: float32 [N,3,150,150] RGB 0..255 (mean RGB 122.782,117.001,104.298 subtracted and /255 inside the"
                    + " graph); the aligned face box padded to a centred square and resized bilinearly",
            "embedding: float32 [N,128], dlib's face descriptor (not L2-normalised; faceembed normalises it)");

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

    BuiltInModel(String fileStem, String weightsName, String inputDoc, String outputDoc) {
        this.fileStem = fileStem;
        this.weightsName = weightsName;
        this.inputDoc = inputDoc;
        this.outputDoc = outputDoc;
    }

    /** The detector file of a built-in detector name ({@code ssd}, {@code ssd-int8}), or {@code null}. */
    public static BuiltInModel detector(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "ssd" -> SSD_MOBILENET_V1;
            case "ssd-int8" -> SSD_MOBILENET_V1_INT8;
            default -> null;
        };
    }

    public String onnxFile() {
        return onnxFile(Precision.FP32);
    }

    public String onnxFile(Precision precision) {
        return fileStem + precision.fileSuffix() + ".onnx";
    }

    public String manifestFile() {
        return fileStem + ".manifest.json";
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
