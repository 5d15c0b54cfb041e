package io.faceembed.inference.ssd;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.Detection;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one image's share of the graph's {@code boxes} and {@code scores} into detections in the image's pixel
 * coordinates: face-api's NMS, then face-api's mapping from the padded square back to the canvas (boxes clipped
 * to the square, so a box may reach into the bottom/right padding), then from the canvas to the image, clipped
 * to it unless face-api's own boxes are asked for.
 */
final class SsdDecoder {

    private final SsdSettings settings;

    SsdDecoder(SsdSettings settings) {
        this.settings = settings;
    }

    List<Detection> decode(float[] boxes, float[] scores, int slot, int anchors, DecodedImage image,
                           SsdCanvas canvas) {
        return decode(boxes, slot * anchors * 4, scores, slot * anchors, anchors, image, canvas);
    }

    /**
     * Like {@link #decode}, for an image sharing its input with others: only boxes whose centre lies on the image
     * take part (in NMS too, so a neighbour's face never suppresses one of this image).
     */
    List<Detection> decodeCentredOn(float[] boxes, float[] scores, int slot, int anchors, DecodedImage image,
                                    SsdCanvas canvas) {
        int boxOffset = slot * anchors * 4;
        double scale = SsdInput.SIZE / (double) canvas.squareSide();
        double left = canvas.offsetX() * scale / SsdInput.SIZE;
        double top = canvas.offsetY() * scale / SsdInput.SIZE;
        double right = (canvas.offsetX() + image.width()) * scale / SsdInput.SIZE;
        double bottom = (canvas.offsetY() + image.height()) * scale / SsdInput.SIZE;
        float[] own = new float[anchors];
        for (int i = 0, b = boxOffset; i < anchors; i++, b += 4) {
            double cy = (boxes[b] + boxes[b + 2]) / 2.0;
            double cx = (boxes[b + 1] + boxes[b + 3]) / 2.0;
            boolean onImage = cx >= left && cx < right && cy >= top && cy < bottom;
            own[i] = onImage ? scores[slot * anchors + i] : 0f;
        }
        return decode(boxes, boxOffset, own, 0, anchors, image, canvas);
    }

    private List<Detection> decode(float[] boxes, int boxOffset, float[] scores, int scoreOffset, int anchors,
                                   DecodedImage image, SsdCanvas canvas) {
        List<Integer> kept = FaceApiNms.select(boxes, boxOffset, scores, scoreOffset, anchors,
                settings.maxResults(), settings.iouThreshold(), settings.minConfidence());
        boolean clip = settings.clipToImage() || !canvas.isImageItself(image);
        List<Detection> out = new ArrayList<>(kept.size());
        for (int anchor : kept) {
            Detection d = toCanvas(boxes, boxOffset + anchor * 4, scores[scoreOffset + anchor], canvas);
            if (clip) {
                d = toImage(d, canvas, image);
                if (d == null) {
                    continue;
                }
            }
            out.add(d);
        }
        return out;
    }

    /** face-api's locateFaces: relative square box -> relative canvas box -> canvas pixels. */
    private static Detection toCanvas(float[] boxes, int at, float score, SsdCanvas canvas) {
        double scale = (double) SsdInput.SIZE / canvas.squareSide();
        double padX = SsdInput.SIZE / (double) Math.round(canvas.width() * scale);
        double padY = SsdInput.SIZE / (double) Math.round(canvas.height() * scale);
        double top = Math.max(0, boxes[at]) * padY;
        double left = Math.max(0, boxes[at + 1]) * padX;
        double bottom = Math.min(1.0, boxes[at + 2]) * padY;
        double right = Math.min(1.0, boxes[at + 3]) * padX;
        return new Detection((float) (left * canvas.width()), (float) (top * canvas.height()),
                (float) (right * canvas.width()), (float) (bottom * canvas.height()), score, null);
    }

    /** Canvas pixels -> image pixels, clipped to the image; null when nothing of the box is on the image. */
    private static Detection toImage(Detection d, SsdCanvas canvas, DecodedImage image) {
        float x1 = clamp(d.x1() - canvas.offsetX(), image.width());
        float y1 = clamp(d.y1() - canvas.offsetY(), image.height());
        float x2 = clamp(d.x2() - canvas.offsetX(), image.width());
        float y2 = clamp(d.y2() - canvas.offsetY(), image.height());
        if (x2 <= x1 || y2 <= y1) {
            return null;
        }
        return new Detection(x1, y1, x2, y2, d.score(), null);
    }

    private static float clamp(float v, int max) {
        return Math.max(0f, Math.min(max, v));
    }
}
