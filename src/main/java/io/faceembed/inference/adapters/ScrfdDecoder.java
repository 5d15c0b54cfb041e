package io.faceembed.inference.adapters;

import io.faceembed.inference.Detection;
import io.faceembed.inference.onnx.OnnxModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Tensor-to-faces half of the SCRFD family (InsightFace's {@code scrfd.py}). For each stride s the model gives,
 * per anchor, a score [A,1], box distances [A,4] and optionally five-point offsets [A,10], all in units of s;
 * anchors sit at (x*s, y*s) of the (W/s) x (H/s) grid, row-major, k anchors per cell (2 for the 3-stride models).
 * Box = (cx - d0, cy - d1, cx + d2, cy + d3); point i = (cx + k[2i], cy + k[2i+1]).
 *
 * <p>Outputs are recognised by shape, not by name or position: last dimension 1, 4 or 10, and the anchor count
 * gives the stride (largest count = stride 8). So both InsightFace's order (all scores, all boxes, all points)
 * and a per-stride order work, with or without a leading batch dimension of 1.
 */
final class ScrfdDecoder {

    private record Level(int stride, int anchorsPerCell, int gridW, float[] scores, float[] boxes, float[] kps) {
    }

    private ScrfdDecoder() {
    }

    /** Detections above {@code threshold} in input pixels, before NMS. */
    static List<Detection> decode(OnnxModel.Outputs out, int inputW, int inputH, float threshold) {
        List<Detection> found = new ArrayList<>();
        for (Level level : levels(out, inputW, inputH)) {
            int count = level.scores.length;
            int s = level.stride;
            for (int i = 0; i < count; i++) {
                float score = level.scores[i];
                if (score < threshold) {
                    continue;
                }
                int cell = i / level.anchorsPerCell;
                float cx = (cell % level.gridW) * s;
                float cy = (cell / level.gridW) * s;
                float[] b = level.boxes;
                float[] points = null;
                if (level.kps != null) {
                    points = new float[10];
                    for (int k = 0; k < 5; k++) {
                        points[2 * k] = cx + level.kps[i * 10 + 2 * k] * s;
                        points[2 * k + 1] = cy + level.kps[i * 10 + 2 * k + 1] * s;
                    }
                }
                found.add(new Detection(cx - b[i * 4] * s, cy - b[i * 4 + 1] * s,
                        cx + b[i * 4 + 2] * s, cy + b[i * 4 + 3] * s, score, points));
            }
        }
        return found;
    }

    private static List<Level> levels(OnnxModel.Outputs out, int inputW, int inputH) {
        List<Integer> scoreIdx = new ArrayList<>();
        int n = out.values().size();
        for (int i = 0; i < n; i++) {
            if (columns(out.shape(i)) == 1) {
                scoreIdx.add(i);
            }
        }
        scoreIdx.sort(Comparator.comparingInt((Integer i) -> rows(out.shape(i))).reversed());
        int[] strides = switch (scoreIdx.size()) {
            case 3 -> new int[] {8, 16, 32};
            case 5 -> new int[] {8, 16, 32, 64, 128};
            default -> throw new IllegalArgumentException(describe(out, "expected score outputs for 3 or 5 strides"));
        };
        List<Level> levels = new ArrayList<>();
        for (int l = 0; l < strides.length; l++) {
            int s = strides[l];
            int rows = rows(out.shape(scoreIdx.get(l)));
            int gridW = inputW / s;
            int cells = gridW * (inputH / s);
            if (cells == 0 || rows % cells != 0) {
                throw new IllegalArgumentException(describe(out, rows + " anchors do not fit a " + gridW + "x"
                        + (inputH / s) + " grid at stride " + s));
            }
            float[] boxes = find(out, rows, 4);
            if (boxes == null) {
                throw new IllegalArgumentException(describe(out, "no box output with " + rows + " rows"));
            }
            levels.add(new Level(s, rows / cells, gridW, out.get(scoreIdx.get(l)), boxes, find(out, rows, 10)));
        }
        return levels;
    }

    private static float[] find(OnnxModel.Outputs out, int rows, int columns) {
        for (int i = 0; i < out.values().size(); i++) {
            if (columns(out.shape(i)) == columns && rows(out.shape(i)) == rows) {
                return out.get(i);
            }
        }
        return null;
    }

    /** Shape without a leading batch of 1: [A, C] or [1, A, C]. */
    private static long[] squeeze(long[] shape) {
        if (shape.length == 3 && shape[0] == 1) {
            return new long[] {shape[1], shape[2]};
        }
        return shape;
    }

    private static int columns(long[] shape) {
        long[] s = squeeze(shape);
        return s.length == 2 ? (int) s[1] : -1;
    }

    private static int rows(long[] shape) {
        long[] s = squeeze(shape);
        return s.length == 2 ? (int) s[0] : -1;
    }

    private static String describe(OnnxModel.Outputs out, String problem) {
        StringBuilder b = new StringBuilder("not an SCRFD-style detector (" + problem + "); output shapes:");
        for (long[] s : out.shapes()) {
            b.append(' ').append(Arrays.toString(s));
        }
        return b.toString();
    }

    /** Greedy non-maximum suppression, best first: drops a box whose IoU with a kept one exceeds {@code iou}. */
    static List<Detection> nms(List<Detection> detections, float iou) {
        List<Detection> sorted = new ArrayList<>(detections);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection d : sorted) {
            boolean keep = true;
            for (Detection k : kept) {
                if (k.iou(d) > iou) {
                    keep = false;
                    break;
                }
            }
            if (keep) {
                kept.add(d);
            }
        }
        return kept;
    }
}
