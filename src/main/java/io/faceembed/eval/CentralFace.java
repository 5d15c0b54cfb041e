package io.faceembed.eval;

import io.faceembed.inference.Detection;
import io.faceembed.inference.Face;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which face of an image stands for the image in a verification pair. LFW portraits are centred on the person
 * named, so: among the boxes that contain the image centre, the largest; when no box contains the centre, the box
 * whose centre is nearest the image centre (the larger on a tie).
 */
public final class CentralFace {

    private CentralFace() {
    }

    public static Optional<Face> pick(List<Face> faces, int imageWidth, int imageHeight) {
        double cx = imageWidth / 2.0;
        double cy = imageHeight / 2.0;
        Optional<Face> covering = faces.stream()
                .filter(f -> contains(f.detection(), cx, cy))
                .max(Comparator.comparingDouble(f -> f.detection().area()));
        if (covering.isPresent()) {
            return covering;
        }
        return faces.stream().min(Comparator.<Face>comparingDouble(f -> distance(f.detection(), cx, cy))
                .thenComparing(Comparator.<Face>comparingDouble(f -> f.detection().area()).reversed()));
    }

    private static boolean contains(Detection d, double x, double y) {
        return x >= d.x1() && x <= d.x2() && y >= d.y1() && y <= d.y2();
    }

    private static double distance(Detection d, double x, double y) {
        double dx = (d.x1() + d.x2()) / 2.0 - x;
        double dy = (d.y1() + d.y2()) / 2.0 - y;
        return Math.hypot(dx, dy);
    }
}
