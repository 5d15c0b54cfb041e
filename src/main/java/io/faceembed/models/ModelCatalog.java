package io.faceembed.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceembed.inference.adapters.ChipPreprocessing;
import io.faceembed.inference.adapters.Normalization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Model names as DeepFace spells them (case-insensitive), mapped to the ONNX file a user puts in the models folder
 * and the adapter family that runs it. {@code Dlib}, {@code Dlib-int8}, {@code ssd} and {@code ssd-int8} are built
 * in (converted from face-api).
 *
 * <p>Any other name is a custom model: {@code <name>.onnx} with a sidecar {@code <name>.json} such as
 * {@code {"family": "arcface", "normalization": "insightface", "channels": "rgb"}} (family arcface, facenet or
 * scrfd). The same sidecar next to a DeepFace model's file ({@code arcface.json} beside {@code arcface.onnx})
 * overrides its normalisation and channel order, e.g. for a DeepFace Keras export fed as DeepFace does.
 */
public final class ModelCatalog {

    public enum Kind { EMBEDDER, DETECTOR }

    public enum Family {
        /** Built into faceembed (face-api's converted models); the lead's pipeline code opens these. */
        BUILTIN,
        /** ArcFace-style recognition: five-point similarity alignment to 112x112. */
        ARCFACE,
        /** Facenet-style recognition: eye-levelled box crop, letterboxed. */
        FACENET,
        /** SCRFD/RetinaFace anchor-free detection with five points. */
        SCRFD,
        /** Listed so that the name is known, but faceembed has no adapter for it yet. */
        UNSUPPORTED
    }

    /**
     * What faceembed knows of one model name.
     *
     * @param file          file name expected in the models folder ({@code null} for built-ins)
     * @param inputSize     side of the square input the model family expects (0: read from the model)
     * @param dimension     embedding length (0 for detectors, or unknown for custom models)
     * @param preprocessing channel order and normalisation for embedders ({@code null} for detectors)
     * @param howToGet      where the file comes from, for error messages
     */
    public record Descriptor(String name, Kind kind, Family family, String file, int inputSize, int dimension,
                             ChipPreprocessing preprocessing, String howToGet) {

        public boolean builtIn() {
            return family == Family.BUILTIN;
        }

        public Path path(Path modelsDir) {
            return file == null ? null : modelsDir.resolve(file);
        }
    }

    private static final String SEE = "; see README 'Models'";
    private static final Pattern CUSTOM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Map<String, Descriptor> EMBEDDERS = new LinkedHashMap<>();
    private static final Map<String, Descriptor> DETECTORS = new LinkedHashMap<>();

    static {
        ChipPreprocessing insightface = ChipPreprocessing.rgb(Normalization.INSIGHTFACE);
        ChipPreprocessing facenet = ChipPreprocessing.rgb(Normalization.FACENET);
        embedder("Dlib", Family.BUILTIN, null, 150, 128, null, "built in (face-api's face recognition net)");
        embedder("Dlib-int8", Family.BUILTIN, null, 150, 128, null,
                "built in (face-api's landmark and face recognition nets in 8 bits)");
        embedder("ArcFace", Family.ARCFACE, "arcface.onnx", 112, 512, insightface,
                "copy InsightFace buffalo_l's w600k_r50.onnx there, or export DeepFace's ArcFace weights with tf2onnx");
        embedder("Facenet", Family.FACENET, "facenet.onnx", 160, 128, facenet,
                "export DeepFace's facenet_weights.h5 (Keras) with tf2onnx");
        embedder("Facenet512", Family.FACENET, "facenet512.onnx", 160, 512, facenet,
                "export DeepFace's facenet512_weights.h5 (Keras) with tf2onnx");
        // OpenCV's FaceRecognizerSF (which DeepFace calls) feeds blobFromImage(chip, 1, (112,112), 0, swapRB=true).
        embedder("SFace", Family.ARCFACE, "sface.onnx", 112, 128, ChipPreprocessing.rgb(Normalization.RAW),
                "copy OpenCV Zoo's face_recognition_sface_2021dec.onnx there (the file DeepFace downloads)");
        // GhostFaceNets were trained with keras_insightface's (x - 127.5) / 128.
        embedder("GhostFaceNet", Family.ARCFACE, "ghostfacenet.onnx", 112, 512,
                ChipPreprocessing.rgb(Normalization.ARCFACE),
                "export DeepFace's ghostfacenet_v1.h5 (Keras) with tf2onnx");
        embedder("VGG-Face", Family.UNSUPPORTED, "vgg_face.onnx", 224, 4096, null,
                "export DeepFace's vgg_face_weights.h5 with tf2onnx");
        embedder("OpenFace", Family.UNSUPPORTED, "openface.onnx", 96, 128, null,
                "export DeepFace's openface_weights.h5 with tf2onnx");
        embedder("DeepFace", Family.UNSUPPORTED, "deepface.onnx", 152, 4096, null,
                "export DeepFace's VGGFace2_DeepFace_weights_val-0.9034.h5 with tf2onnx");
        embedder("DeepID", Family.UNSUPPORTED, "deepid.onnx", 55, 160, null,
                "export DeepFace's deepid_keras_weights.h5 with tf2onnx");

        detector("ssd", Family.BUILTIN, null, "built in (face-api's SSD MobileNet v1)");
        detector("ssd-int8", Family.BUILTIN, null, "built in (face-api's SSD MobileNet v1 in 8 bits)");
        detector("retinaface", Family.SCRFD, "retinaface.onnx",
                "copy an SCRFD-layout detector there, e.g. InsightFace buffalo_l's det_10g.onnx"
                        + " (DeepFace's Keras RetinaFace has another output layout)");
        detector("scrfd", Family.SCRFD, "scrfd.onnx",
                "copy InsightFace's det_10g.onnx or an scrfd_*_kps.onnx there");
        detector("yunet", Family.UNSUPPORTED, "yunet.onnx", "OpenCV Zoo's face_detection_yunet_2023mar.onnx");
        detector("centerface", Family.UNSUPPORTED, "centerface.onnx", "CenterFace's centerface.onnx");
        detector("mtcnn", Family.UNSUPPORTED, "mtcnn.onnx", "MTCNN's P/R/O nets");
        detector("fastmtcnn", Family.UNSUPPORTED, "fastmtcnn.onnx", "MTCNN's P/R/O nets");
        detector("yolov8", Family.UNSUPPORTED, "yolov8.onnx", "yolov8n-face exported to ONNX");
        detector("yolov11n", Family.UNSUPPORTED, "yolov11n.onnx", "yolov11n-face exported to ONNX");
        detector("yolov11s", Family.UNSUPPORTED, "yolov11s.onnx", "yolov11s-face exported to ONNX");
        detector("yolov11m", Family.UNSUPPORTED, "yolov11m.onnx", "yolov11m-face exported to ONNX");
        detector("opencv", Family.UNSUPPORTED, "opencv.onnx", "OpenCV's Haar cascade, which has no ONNX form");
        detector("mediapipe", Family.UNSUPPORTED, "mediapipe.onnx", "MediaPipe's BlazeFace");
        detector("dlib", Family.UNSUPPORTED, "dlib.onnx", "dlib's HOG detector, which has no ONNX form");
    }

    private ModelCatalog() {
    }

    private static void embedder(String name, Family family, String file, int size, int dimension,
                                 ChipPreprocessing preprocessing, String howToGet) {
        EMBEDDERS.put(key(name), new Descriptor(name, Kind.EMBEDDER, family, file, size, dimension, preprocessing,
                howToGet));
    }

    private static void detector(String name, Family family, String file, String howToGet) {
        DETECTORS.put(key(name), new Descriptor(name, Kind.DETECTOR, family, file, 0, 0, null, howToGet));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Whether {@code name} can name a custom model's files ({@code <name>.onnx}, {@code <name>.json}). */
    static boolean customName(String name) {
        return CUSTOM_NAME.matcher(name).matches();
    }

    /** The descriptor of a DeepFace or built-in embedder name, without looking at any file; {@code null} if custom. */
    public static Descriptor knownEmbedder(String name) {
        return EMBEDDERS.get(key(name));
    }

    public static Descriptor knownDetector(String name) {
        return DETECTORS.get(key(name));
    }

    /**
     * The embedder {@code name} ready to open: built-in, or a supported family whose file is in {@code modelsDir}
     * (with its sidecar applied). Throws {@link ModelUnavailableException} with a one-line message otherwise.
     */
    public static Descriptor embedder(String name, Path modelsDir) {
        return resolve(name, modelsDir, Kind.EMBEDDER);
    }

    public static Descriptor detector(String name, Path modelsDir) {
        return resolve(name, modelsDir, Kind.DETECTOR);
    }

    private static Descriptor resolve(String name, Path modelsDir, Kind kind) {
        String role = kind == Kind.EMBEDDER ? "model" : "detector";
        Descriptor known = (kind == Kind.EMBEDDER ? EMBEDDERS : DETECTORS).get(key(name));
        if (known != null && known.builtIn()) {
            return known;
        }
        if (known != null && known.family() == Family.UNSUPPORTED) {
            throw new ModelUnavailableException(role + " " + known.name() + " (" + known.path(modelsDir)
                    + ") is not supported yet: faceembed has no adapter for its family; supported: "
                    + supported(kind));
        }
        if (known == null) {
            return custom(name, modelsDir, kind, role);
        }
        Path file = known.path(modelsDir);
        if (!Files.isRegularFile(file)) {
            throw new ModelUnavailableException(role + " " + known.name() + " needs " + file + ": "
                    + known.howToGet() + SEE);
        }
        Path sidecar = modelsDir.resolve(stem(known.file()) + ".json");
        return Files.isRegularFile(sidecar) ? withSidecar(known, readJson(sidecar), sidecar) : known;
    }

    private static Descriptor custom(String name, Path modelsDir, Kind kind, String role) {
        if (!customName(name)) {
            throw new ModelUnavailableException(role + " name '" + name + "' is neither a known name ("
                    + supported(kind) + ") nor a plain file name for a custom model");
        }
        Path file = modelsDir.resolve(name + ".onnx");
        Path sidecar = modelsDir.resolve(name + ".json");
        if (!Files.isRegularFile(file) || !Files.isRegularFile(sidecar)) {
            throw new ModelUnavailableException(role + " " + name + " is not a known name (" + supported(kind)
                    + "); a custom " + role + " needs " + file + " and " + sidecar
                    + " such as {\"family\": \"arcface\"}" + SEE);
        }
        JsonNode json = readJson(sidecar);
        String familyName = json.path("family").asText("");
        Family family = switch (familyName.toLowerCase(Locale.ROOT)) {
            case "arcface" -> Family.ARCFACE;
            case "facenet" -> Family.FACENET;
            case "scrfd", "retinaface" -> Family.SCRFD;
            default -> throw new ModelUnavailableException(sidecar + ": \"family\" must be arcface, facenet or scrfd,"
                    + " found '" + familyName + "'");
        };
        Kind familyKind = family == Family.SCRFD ? Kind.DETECTOR : Kind.EMBEDDER;
        if (familyKind != kind) {
            throw new ModelUnavailableException(sidecar + " describes a " + familyName + " "
                    + (familyKind == Kind.DETECTOR ? "detector" : "embedder") + ", but " + name + " was given as the "
                    + role);
        }
        ChipPreprocessing defaults = switch (family) {
            case ARCFACE -> ChipPreprocessing.rgb(Normalization.INSIGHTFACE);
            case FACENET -> ChipPreprocessing.rgb(Normalization.FACENET);
            default -> null;
        };
        Descriptor base = new Descriptor(name, kind, family, name + ".onnx", 0, 0, defaults,
                "a custom " + role + " described by " + sidecar.getFileName());
        return withSidecar(base, json, sidecar);
    }

    private static Descriptor withSidecar(Descriptor d, JsonNode json, Path sidecar) {
        if (d.kind() != Kind.EMBEDDER) {
            return d;
        }
        Normalization normalization = d.preprocessing().normalization();
        boolean bgr = d.preprocessing().bgr();
        if (json.has("normalization")) {
            String n = json.get("normalization").asText();
            try {
                normalization = Normalization.valueOf(n.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ModelUnavailableException(sidecar + ": \"normalization\" must be one of "
                        + java.util.Arrays.toString(Normalization.values()).toLowerCase(Locale.ROOT) + ", found '" + n + "'");
            }
        }
        if (json.has("channels")) {
            String c = json.get("channels").asText().toLowerCase(Locale.ROOT);
            if (!c.equals("rgb") && !c.equals("bgr")) {
                throw new ModelUnavailableException(sidecar + ": \"channels\" must be rgb or bgr, found '" + c + "'");
            }
            bgr = c.equals("bgr");
        }
        return new Descriptor(d.name(), d.kind(), d.family(), d.file(), d.inputSize(), d.dimension(),
                new ChipPreprocessing(normalization, bgr), d.howToGet());
    }

    private static JsonNode readJson(Path sidecar) {
        try {
            JsonNode node = new ObjectMapper().readTree(sidecar.toFile());
            if (node == null || !node.isObject()) {
                throw new ModelUnavailableException(sidecar + " must hold a JSON object such as {\"family\": \"arcface\"}");
            }
            return node;
        } catch (IOException e) {
            throw new ModelUnavailableException("cannot read " + sidecar + ": "
                    + e.getMessage().lines().findFirst().orElse("invalid JSON"));
        }
    }

    private static String stem(String file) {
        return file.substring(0, file.lastIndexOf('.'));
    }

    /** Names that can be used now, for error messages. */
    static String supported(Kind kind) {
        StringBuilder b = new StringBuilder();
        for (Descriptor d : (kind == Kind.EMBEDDER ? EMBEDDERS : DETECTORS).values()) {
            if (d.family() != Family.UNSUPPORTED) {
                b.append(b.length() == 0 ? "" : ", ").append(d.name());
            }
        }
        return b.toString();
    }
}
