package io.faceembed.inference.ssd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Greedy non-maximum suppression exactly as face-api's SSD does it: candidates scoring strictly above the score
 * threshold, best first (ties in anchor order); a candidate is kept unless it overlaps an already kept box by an
 * IoU above the IoU threshold; at most {@code maxResults} are kept.
 */
public final class FaceApiNms {

    private FaceApiNms() {
    }

    /**
     * @param boxes  y1, x1, y2, x2 per anchor, starting at {@code boxOffset}
     * @param scores one score per anchor, starting at {@code scoreOffset}
     * @return the kept anchors, best first
     */
    public static List<Integer> select(float[] boxes, int boxOffset, float[] scores, int scoreOffset, int anchors,
                                       int maxResults, double iouThreshold, double scoreThreshold) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < anchors; i++) {
            if (scores[scoreOffset + i] > scoreThreshold) {
                candidates.add(i);
            }
        }
        // List.sort is stable, like Array.prototype.sort.
        candidates.sort(Comparator.comparingDouble((Integer i) -> scores[scoreOffset + i]).reversed());

        int limit = Math.min(maxResults, anchors);
        List<Integer> kept = new ArrayList<>();
        for (int candidate : candidates) {
            if (kept.size() >= limit) {
                break;
            }
            boolean suppressed = false;
            for (int j = kept.size() - 1; j >= 0 && !suppressed; j--) {
                suppressed = iou(boxes, boxOffset, candidate, kept.get(j)) > iouThreshold;
            }
            if (!suppressed) {
                kept.add(candidate);
            }
        }
        return kept;
    }

    /** IoU of two y1,x1,y2,x2 boxes whose corners may come in either order; 0 when either is empty. */
    static double iou(float[] boxes, int offset, int i, int j) {
        int a = offset + i * 4;
        int b = offset + j * 4;
        double yMinA = Math.min(boxes[a], boxes[a + 2]);
        double xMinA = Math.min(boxes[a + 1], boxes[a + 3]);
        double yMaxA = Math.max(boxes[a], boxes[a + 2]);
        double xMaxA = Math.max(boxes[a + 1], boxes[a + 3]);
        double yMinB = Math.min(boxes[b], boxes[b + 2]);
        double xMinB = Math.min(boxes[b + 1], boxes[b + 3]);
        double yMaxB = Math.max(boxes[b], boxes[b + 2]);
        double xMaxB = Math.max(boxes[b + 1], boxes[b + 3]);
        double areaA = (yMaxA - yMinA) * (xMaxA - xMinA);
        double areaB = (yMaxB - yMinB) * (xMaxB - xMinB);
        if (areaA <= 0 || areaB <= 0) {
            return 0.0;
        }
        double inter = Math.max(Math.min(yMaxA, yMaxB) - Math.max(yMinA, yMinB), 0.0)
                * Math.max(Math.min(xMaxA, xMaxB) - Math.max(xMinA, xMinB), 0.0);
        return inter / (areaA + areaB - inter);
    }
}
