package io.faceembed.inference.adapters;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.Detection;
import io.faceembed.inference.FaceDetector;
import io.faceembed.inference.onnx.OnnxModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The SCRFD family (InsightFace buffalo_l's {@code det_10g.onnx}, {@code scrfd_*_kps.onnx}, and RetinaFace models
 * exported in the same anchor-free layout).
 *
 * <p>Contract: input float32 [1,3,H,W] (a dynamic H or W runs at 640x640), RGB, (pixel - 127.5) / 128, the image
 * letterboxed into H x W keeping its aspect ratio, at the top-left, padded with black. Outputs per stride
 * (8/16/32, or 8..128): scores, box distances and optional five points, decoded by {@link ScrfdDecoder}; scores
 * below the threshold are dropped, then NMS at IoU 0.4; boxes and points are mapped back to image pixels and boxes
 * clipped to the image. Images are run one at a time (InsightFace exports have a batch of 1).
 */
public final class ScrfdDetector implements FaceDetector {

    public static final int DEFAULT_INPUT = 640;
    public static final float NMS_IOU = 0.4f;
    private static final float MEAN = 127.5f;
    private static final float STD = 128f;

    private final OnnxModel model;
    private final String name;
    private final float threshold;
    private final int inputW;
    private final int inputH;

    public ScrfdDetector(OnnxModel model, String name, float threshold) {
        this.model = model;
        this.name = name;
        this.threshold = threshold;
        long[] shape = model.inputShape();
        if (shape.length != 4 || shape[1] != 3) {
            throw new IllegalArgumentException("detector " + name + " (" + model.file().getFileName()
                    + ") has input shape " + java.util.Arrays.toString(shape) + "; SCRFD models take [1,3,H,W]");
        }
        this.inputH = shape[2] > 0 ? (int) shape[2] : DEFAULT_INPUT;
        this.inputW = shape[3] > 0 ? (int) shape[3] : DEFAULT_INPUT;
    }

    @Override
    public List<List<Detection>> detect(List<DecodedImage> images) {
        List<List<Detection>> result = new ArrayList<>(images.size());
        for (DecodedImage image : images) {
            result.add(detect(image));
        }
        return result;
    }

    private List<Detection> detect(DecodedImage image) {
        Letterbox box = Letterbox.of(image, inputW, inputH, MEAN, STD);
        OnnxModel.Outputs out = model.run(box.tensor(), 1, 3, inputH, inputW);
        List<Detection> kept = ScrfdDecoder.nms(ScrfdDecoder.decode(out, inputW, inputH, threshold), NMS_IOU);
        List<Detection> mapped = new ArrayList<>(kept.size());
        for (Detection d : kept) {
            mapped.add(toImage(d, box.scale(), image.width(), image.height()));
        }
        return mapped;
    }

    private static Detection toImage(Detection d, double scale, int width, int height) {
        float[] points = null;
        if (d.landmarks5() != null) {
            points = new float[10];
            for (int i = 0; i < 10; i++) {
                points[i] = (float) (d.landmarks5()[i] / scale);
            }
        }
        return new Detection(clamp(d.x1() / scale, width), clamp(d.y1() / scale, height),
                clamp(d.x2() / scale, width), clamp(d.y2() / scale, height), d.score(), points);
    }

    private static float clamp(double v, int max) {
        return (float) Math.max(0, Math.min(max, v));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        model.close();
    }
}
