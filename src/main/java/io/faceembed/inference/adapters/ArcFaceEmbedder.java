package io.faceembed.inference.adapters;

import io.faceembed.inference.onnx.OnnxModel;

/**
 * The ArcFace family: InsightFace's recognition models (buffalo_l {@code w600k_r50.onnx}, antelopev2
 * {@code glintr100.onnx}) and ArcFace-style exports (DeepFace's ArcFace, GhostFaceNet, SFace).
 *
 * <p>Contract of the default ({@link Normalization#INSIGHTFACE}): input float32 [N,3,112,112] (an NHWC
 * [N,112,112,3] export works too: the layout is read from the model), RGB, (pixel - 127.5) / 127.5 — InsightFace's
 * {@code ArcFaceONNX} calls {@code blobFromImage(img, 1/127.5, (112,112), (127.5,)*3, swapRB=True)} on a BGR cv2
 * image, so the network sees RGB. Output [N,D] (512 for w600k_r50), not L2-normalised. Chips must be aligned with
 * {@link SimilarityAligner} (the five-point ArcFace template).
 */
public final class ArcFaceEmbedder extends OnnxChipEmbedder {

    public static final ChipPreprocessing INSIGHTFACE = ChipPreprocessing.rgb(Normalization.INSIGHTFACE);

    public ArcFaceEmbedder(OnnxModel model, String name) {
        this(model, name, INSIGHTFACE);
    }

    public ArcFaceEmbedder(OnnxModel model, String name, ChipPreprocessing preprocessing) {
        super(model, name, preprocessing);
    }
}
