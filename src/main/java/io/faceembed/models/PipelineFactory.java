package io.faceembed.models;

import io.faceembed.config.Augmentation;
import io.faceembed.config.PipelineSpec;
import io.faceembed.inference.ChipViews;
import io.faceembed.inference.DefaultFacePipeline;
import io.faceembed.inference.FaceAligner;
import io.faceembed.inference.FaceDetector;
import io.faceembed.inference.FaceEmbedder;
import io.faceembed.inference.FacePipeline;
import io.faceembed.inference.LandmarkDetector;
import io.faceembed.inference.PipelineSignature;
import io.faceembed.inference.ViewAveragingEmbedder;
import io.faceembed.inference.dlib.DlibChipAligner;
import io.faceembed.inference.dlib.DlibEmbedder;
import io.faceembed.inference.dlib.DlibJitter;
import io.faceembed.inference.landmarks.FaceLandmark68Detector;
import io.faceembed.inference.onnx.Int8CpuSupport;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.inference.ssd.SsdMobilenetDetector;
import io.faceembed.inference.ssd.SsdSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the face pipeline that a {@link PipelineSpec} names from the files in its models folder. */
public final class PipelineFactory {

    private static final int LANDMARK_BATCH = 32;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PipelineFactory.class);

    private PipelineFactory() {
    }

    public static FacePipeline open(PipelineSpec spec) {
        return open(spec, SessionOptionsFactory.forDevice(spec.device(), spec.threads(), 0));
    }

    public static FacePipeline open(PipelineSpec spec, SessionOptionsFactory sessions) {
        Path dir = spec.modelsPath();
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            DetectorPart detector = openDetector(spec, dir, sessions, owned);
            EmbedderPart embedder = openEmbedder(spec, dir, sessions, detector, owned);
            PipelineSignature signature = new PipelineSignature(embedder.name, detector.name, embedder.sha256,
                    detector.sha256, embedder.aligner.version() + "+" + spec.augment().label());
            warmUp(owned, sessions);
            return new DefaultFacePipeline(detector.detector, embedder.landmarks, embedder.aligner, embedder.embedder,
                    signature, owned, sessions.provider());
        } catch (RuntimeException e) {
            closeQuietly(owned, e);
            throw e;
        }
    }

    /** {@code -Dfaceembed.detectorResize=cpu}: a GPU's detector takes 512x512 inputs resized by the CPU. */
    public static final String DETECTOR_RESIZE_PROPERTY = "faceembed.detectorResize";

    /**
     * The SSD detector's session: on a GPU it takes each image at its own size as 8-bit pixels and resizes it on
     * the device (the CPU only copies pixels; the network sees the float resize, as on a CPU); with
     * {@value #DETECTOR_RESIZE_PROPERTY}{@code =cpu} it takes the CPU's 512x512 resize rounded to 8 bits. On a CPU
     * floats as before.
     */
    public static OnnxModel detectorModel(Path file, SessionOptionsFactory sessions) {
        if (!detectorTakesUint8(sessions)) {
            return new OnnxModel(file, sessions);
        }
        return detectorResizesOnDevice(sessions) ? OnnxModel.resizingOnDevice(file, sessions)
                : OnnxModel.withUint8Pixels(file, sessions);
    }

    /** Whether {@link #detectorModel} on these sessions takes canvases and resizes them itself. */
    public static boolean detectorResizesOnDevice(SessionOptionsFactory sessions) {
        return detectorTakesUint8(sessions) && !cpuResizeRequested();
    }

    /** Whether {@value #DETECTOR_RESIZE_PROPERTY}{@code =cpu} asks for the detector's resize on the CPU. */
    public static boolean cpuResizeRequested() {
        return "cpu".equals(System.getProperty(DETECTOR_RESIZE_PROPERTY));
    }

    /** Whether {@link #detectorModel} on these sessions takes 8-bit pixels (off a CPU). */
    public static boolean detectorTakesUint8(SessionOptionsFactory sessions) {
        return !"CPU".equals(sessions.provider());
    }

    /**
     * On a GPU, every model runs each batch size its merged calls are padded to once before the first task's
     * work: the first run of a shape plans it, the next runs do not (on an H200 the detector ran slower in merged
     * batches of many sizes than one image at a time; the logged times say what each shape costs).
     */
    private static void warmUp(List<AutoCloseable> owned, SessionOptionsFactory sessions) {
        if (sessions.mergeLimit() == 0) {
            return;
        }
        for (AutoCloseable resource : owned) {
            if (resource instanceof OnnxModel model) {
                long t0 = System.nanoTime();
                java.util.Map<Integer, Double> millis = model.warmUp();
                LOG.info("warm-up on {}: {} in {} s; ms per batch size {}", sessions.provider(),
                        model.file().getFileName(), String.format(java.util.Locale.ROOT, "%.1f",
                                (System.nanoTime() - t0) / 1e9), rounded(millis));
            }
        }
    }

    private static java.util.Map<Integer, Long> rounded(java.util.Map<Integer, Double> millis) {
        java.util.Map<Integer, Long> out = new java.util.LinkedHashMap<>();
        millis.forEach((size, ms) -> out.put(size, Math.round(ms)));
        return out;
    }

    private record DetectorPart(FaceDetector detector, String name, String sha256, boolean givesLandmarks) {
    }

    private record EmbedderPart(FaceEmbedder embedder, LandmarkDetector landmarks, FaceAligner aligner,
                                String name, String sha256) {
    }

    private static DetectorPart openDetector(PipelineSpec spec, Path dir, SessionOptionsFactory sessions,
                                             List<AutoCloseable> owned) {
        ModelCatalog.Descriptor d = ModelCatalog.detector(spec.detector(), dir);
        if (!d.builtIn()) {
            FaceDetector detector = track(owned, UserModelLoader.openDetector(d, dir, sessions, spec.minConfidence()));
            return new DetectorPart(detector, d.name(), ModelChecksums.sha256(d.path(dir)), true);
        }
        BuiltInModel ssd = BuiltInModel.detector(d.name());
        Precision precision = Precision.of(spec.precision());
        if (ssd == BuiltInModel.SSD_MOBILENET_V1_INT8) {
            checkInt8("detector " + d.name(), "--detector ssd", precision, sessions);
        }
        Path file = builtIn(dir, ssd, precision);
        OnnxModel model = track(owned, detectorModel(file, sessions));
        SsdSettings settings = SsdSettings.defaults().withMinConfidence(spec.minConfidence())
                .withFallbackMinConfidence(SsdSettings.FALLBACK_MIN_CONFIDENCE);
        return new DetectorPart(new SsdMobilenetDetector(model, settings), d.name(), ModelChecksums.sha256(file),
                false);
    }

    private static EmbedderPart openEmbedder(PipelineSpec spec, Path dir, SessionOptionsFactory sessions,
                                             DetectorPart detector, List<AutoCloseable> owned) {
        ModelCatalog.Descriptor d = ModelCatalog.embedder(spec.model(), dir);
        Precision precision = Precision.of(spec.precision());
        if (!d.builtIn() && precision != Precision.FP32) {
            throw new ModelUnavailableException("model " + d.name() + ": --precision " + spec.precision()
                    + " applies to the built-in networks only; give a half-precision file its own model name");
        }
        if (!d.builtIn()) {
            FaceEmbedder network = track(owned, UserModelLoader.openEmbedder(d, dir, sessions));
            // Five-point alignment needs landmarks: the detector's own, or else the 68-point net's.
            LandmarkDetector landmarks = detector.givesLandmarks ? null
                    : openLandmarks(dir, BuiltInModel.FACE_LANDMARK_68, Precision.FP32, spec.augment(), sessions,
                            owned);
            return new EmbedderPart(augmented(network, spec.augment()), landmarks,
                    UserModelLoader.alignerFor(d, network), d.name(),
                    ModelChecksums.sha256(d.path(dir)));
        }
        BuiltInModel recogniserModel = BuiltInModel.recogniser(d.name());
        if (recogniserModel == BuiltInModel.FACE_RECOGNITION_INT8) {
            // the landmark net and the recogniser, both in 8 bits
            checkInt8("model " + d.name(), "--model Dlib", precision, sessions);
        }
        Path recogniser = builtIn(dir, recogniserModel, precision);
        OnnxModel rec = track(owned, new OnnxModel(recogniser, sessions));
        BuiltInModel landmarkModel = BuiltInModel.landmarksFor(recogniserModel);
        LandmarkDetector landmarks = openLandmarks(dir, landmarkModel, precision, spec.augment(), sessions, owned);
        String landmarkSha = ModelChecksums.sha256(dir.resolve(landmarkModel.onnxFile(precision)));
        return new EmbedderPart(augmented(new DlibEmbedder(rec), spec.augment()), landmarks,
                new DlibChipAligner(DlibChipAligner.Fit.POINTS_68), d.name(),
                combined(ModelChecksums.sha256(recogniser), landmarkSha));
    }

    /**
     * An 8-bit built-in model runs in float32 files only and, on a CPU, needs 8-bit dot products to be worth it;
     * {@code instead} names the float model to use.
     */
    private static void checkInt8(String what, String instead, Precision precision, SessionOptionsFactory sessions) {
        if (precision != Precision.FP32) {
            throw new ModelUnavailableException(what + " is 8-bit: --precision " + precision.label()
                    + " applies to the float networks (" + instead + ")");
        }
        if (sessions.provider().equals("CPU")) {
            String problem = Int8CpuSupport.problem();
            if (problem != null) {
                throw new ModelUnavailableException(what + ": " + problem + " (" + instead + ")");
            }
        }
    }

    private static LandmarkDetector openLandmarks(Path dir, BuiltInModel model, Precision precision,
                                                  Augmentation augment, SessionOptionsFactory sessions,
                                                  List<AutoCloseable> owned) {
        OnnxModel lm = track(owned, new OnnxModel(builtIn(dir, model, precision), sessions));
        return new FaceLandmark68Detector(lm, LANDMARK_BATCH, augment.mirror());
    }

    /** The recogniser as the augmentation asks: alone, averaged with the mirrored chip, or over jittered re-cuts. */
    static FaceEmbedder augmented(FaceEmbedder network, Augmentation augment) {
        if (augment.jitters()) {
            return new ViewAveragingEmbedder(network, new DlibJitter(augment.jitterCopies()));
        }
        return augment.mirror() ? new ViewAveragingEmbedder(network, ChipViews.MIRROR) : network;
    }

    private static Path builtIn(Path dir, BuiltInModel m, Precision precision) {
        Path file = dir.resolve(m.onnxFile(precision));
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("model file " + file + " is missing: run 'bin/faceembed models install'"
                    + " (needs npm and the npm registry)");
        }
        return file;
    }

    private static <T extends AutoCloseable> T track(List<AutoCloseable> owned, T resource) {
        owned.add(resource);
        return resource;
    }

    /** One checksum for a step that uses two files (recogniser and landmark net). */
    private static String combined(String sha1, String sha2) {
        byte[] both = (sha1 + sha2).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return java.util.HexFormat.of().formatHex(ModelInstaller.digest("SHA-256", both));
    }

    private static void closeQuietly(List<AutoCloseable> owned, RuntimeException cause) {
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
    }
}
