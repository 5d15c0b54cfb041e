package io.faceembed.models;

import io.faceembed.config.PipelineSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The files one pipeline reads, by name inside a models folder: what the driver checks and ships to the
 * executors. Only these travel with the job (the detector, landmark net and recogniser in the chosen precision, or
 * a user's model with its sidecar), not the whole folder. Names it cannot place (an unknown or unsupported model)
 * list no file: opening the pipeline then reports them as {@link ModelCatalog} does.
 */
public final class ModelFiles {

    private static final String INSTALL = "run 'bin/faceembed models install' and put models/ there";

    /**
     * @param manifest the built-in file's manifest (it holds the file's sha256), {@code null} for a user's file
     * @param required false for the optional sidecar beside a DeepFace model's file
     * @param howToGet what to do when it is missing, for the error message
     */
    public record Needed(String name, String manifest, boolean required, String howToGet) {

        public boolean builtIn() {
            return manifest != null;
        }
    }

    private ModelFiles() {
    }

    public static List<Needed> of(PipelineSpec spec) {
        Precision precision = Precision.of(spec.precision());
        List<Needed> files = new ArrayList<>();
        ModelCatalog.Descriptor detector = ModelCatalog.knownDetector(spec.detector());
        if (detector != null && detector.builtIn()) {
            files.add(builtIn(BuiltInModel.detector(detector.name()), precision));
        } else {
            userFiles(detector, spec.detector(), files);
        }
        ModelCatalog.Descriptor embedder = ModelCatalog.knownEmbedder(spec.model());
        if (embedder != null && embedder.builtIn()) {
            BuiltInModel recogniser = BuiltInModel.recogniser(embedder.name());
            files.add(builtIn(recogniser, precision));
            files.add(builtIn(BuiltInModel.landmarksFor(recogniser), precision));
        } else {
            userFiles(embedder, spec.model(), files);
            if (detector != null && detector.builtIn()) {
                // five-point alignment takes its points from the 68-point net when the detector gives none
                files.add(builtIn(BuiltInModel.FACE_LANDMARK_68, Precision.FP32));
            }
        }
        return List.copyOf(files);
    }

    /** A model not made in {@code precision} (an 8-bit one) is listed as it is; opening it says why not. */
    private static Needed builtIn(BuiltInModel m, Precision precision) {
        Precision p = m.precisions().contains(precision) ? precision : Precision.FP32;
        return new Needed(m.onnxFile(p), m.manifestFile(p), true, INSTALL);
    }

    private static void userFiles(ModelCatalog.Descriptor known, String name, List<Needed> files) {
        if (known == null && ModelCatalog.customName(name)) {
            String how = "a custom model needs " + name + ".onnx and " + name + ".json; see README 'Models'";
            files.add(new Needed(name + ".onnx", null, true, how));
            files.add(new Needed(name + ".json", null, true, how));
        } else if (known != null && known.family() != ModelCatalog.Family.UNSUPPORTED) {
            files.add(new Needed(known.file(), null, true, known.howToGet()));
            String sidecar = known.file().substring(0, known.file().lastIndexOf('.')) + ".json";
            files.add(new Needed(sidecar, null, false, ""));
        }
    }
}
