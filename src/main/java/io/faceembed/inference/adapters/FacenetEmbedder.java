package io.faceembed.inference.adapters;

import io.faceembed.inference.onnx.OnnxModel;

/**
 * DeepFace's Facenet (128-D) and Facenet512: David Sandberg's FaceNet Inception-ResNet-v1, in DeepFace as a Keras
 * model whose tf2onnx export takes NHWC [N,160,160,3] (an NCHW export works too: the layout is read from the model).
 *
 * <p>Default preprocessing: RGB, per-image standardisation ({@link Normalization#FACENET}: (x - mean) / std over
 * the whole 160x160x3 chip), which is how FaceNet was trained ("prewhitening") and what DeepFace applies with
 * {@code normalization="Facenet"}. DeepFace's own default ({@code normalization="base"}) feeds other scaling and
 * BGR order; to reproduce that, set the normalisation and channel order in the model's sidecar JSON. Output [N,D]
 * with D read from the model. Chips come from {@link EyeRotationAligner} (DeepFace: rotate by the eye angle, crop
 * the box, letterbox into 160x160 with black bars).
 */
public final class FacenetEmbedder extends OnnxChipEmbedder {

    public static final ChipPreprocessing STANDARDISED = ChipPreprocessing.rgb(Normalization.FACENET);

    public FacenetEmbedder(OnnxModel model, String name) {
        this(model, name, STANDARDISED);
    }

    public FacenetEmbedder(OnnxModel model, String name, ChipPreprocessing preprocessing) {
        super(model, name, preprocessing);
    }
}
