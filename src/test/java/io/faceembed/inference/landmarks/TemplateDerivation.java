package io.faceembed.inference.landmarks;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.imaging.ImageDecoder;
import io.faceembed.inference.Detection;
import io.faceembed.inference.FaceRef;
import io.faceembed.inference.PixelBox;
import io.faceembed.inference.adapters.Similarity2D;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.inference.ssd.SsdMobilenetDetector;
import io.faceembed.inference.ssd.SsdSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Derives {@link DlibSimilarityAligner#TEMPLATE_68} from portraits: each image's central face (SSD at 0.5 with the
 * padded retry, the box holding the image centre) gets face-api's 68 landmarks; those are expressed in face-api's
 * own 150x150 chip (its axis-aligned dlib box; faces whose box the image border clipped are left out), averaged,
 * and refined by generalised Procrustes: each face's landmarks are fitted to the mean by a similarity and the fits
 * averaged again, three times, the mean kept at the first average's centroid and RMS size so that the framing
 * stays face-api's. Prints the constant.
 *
 * <p>Run: {@code java -cp target/classes:target/test-classes:<classpath>
 * io.faceembed.inference.landmarks.TemplateDerivation /work/shared/faces/lfw-dev/images models}
 */
public final class TemplateDerivation {

    private static final int ROUNDS = 3;
    private static final int BATCH = 16;

    private TemplateDerivation() {
    }

    public static void main(String[] args) throws IOException {
        Path images = Path.of(args[0]);
        Path models = Path.of(args.length > 1 ? args[1] : "models");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(images)) {
            files = walk.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".jpg")).sorted().toList();
        }
        List<float[]> inImage = new ArrayList<>();
        List<float[]> inChip = new ArrayList<>();
        ImageDecoder decoder = new ImageDecoder();
        SessionOptionsFactory cpu = SessionOptionsFactory.cpu(Runtime.getRuntime().availableProcessors());
        try (SsdMobilenetDetector ssd = new SsdMobilenetDetector(
                new OnnxModel(models.resolve("ssd_mobilenetv1.onnx"), cpu), SsdSettings.defaults());
             FaceLandmark68Detector landmarks = new FaceLandmark68Detector(
                     new OnnxModel(models.resolve("face_landmark_68.onnx"), cpu))) {
            for (int from = 0; from < files.size(); from += BATCH) {
                List<DecodedImage> batch = new ArrayList<>();
                for (Path f : files.subList(from, Math.min(files.size(), from + BATCH))) {
                    try {
                        batch.add(decoder.decode(Files.readAllBytes(f), f.toString()));
                    } catch (Exception e) {
                        System.err.println("skipped " + f + ": " + e.getMessage());
                    }
                }
                List<List<Detection>> found = ssd.detect(batch);
                List<FaceRef> faces = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    DecodedImage img = batch.get(i);
                    found.get(i).stream().filter(d -> d.x1() < img.width() / 2f && d.x2() > img.width() / 2f
                                    && d.y1() < img.height() / 2f && d.y2() > img.height() / 2f)
                            .max(Comparator.comparingDouble(Detection::area))
                            .ifPresent(d -> faces.add(new FaceRef(img, d)));
                }
                List<float[]> points = landmarks.locate(faces);
                for (int i = 0; i < faces.size(); i++) {
                    float[] chip = points.get(i) == null ? null : faceApiChipCoordinates(faces.get(i), points.get(i));
                    if (chip != null) {
                        inImage.add(points.get(i));
                        inChip.add(chip);
                    }
                }
            }
        }
        float[] template = procrustesMean(inImage, inChip);
        System.out.println("// from " + inImage.size() + " faces of " + files.size() + " images under " + images);
        for (int i = 0; i < template.length; i += 8) {
            StringBuilder line = new StringBuilder("        ");
            for (int k = i; k < Math.min(template.length, i + 8); k++) {
                line.append(String.format(Locale.ROOT, "%.2ff, ", template[k]));
            }
            System.out.println(line.toString().stripTrailing());
        }
    }

    /** The landmarks in the pixels of face-api's chip, or {@code null} when the image border clipped its box. */
    static float[] faceApiChipCoordinates(FaceRef face, float[] landmarks) {
        PixelBox box = new FaceApiAligner().chipBox(face, landmarks);
        if (box.width() != box.height()) {
            return null;
        }
        double k = (double) FaceApiAligner.CHIP_SIZE / box.width();
        float[] out = new float[landmarks.length];
        for (int i = 0; i < landmarks.length; i += 2) {
            out[i] = (float) ((landmarks[i] - box.x()) * k);
            out[i + 1] = (float) ((landmarks[i + 1] - box.y()) * k);
        }
        return out;
    }

    static float[] procrustesMean(List<float[]> inImage, List<float[]> inChip) {
        float[] first = mean(inChip);
        float[] m = first;
        for (int round = 0; round < ROUNDS; round++) {
            List<float[]> fitted = new ArrayList<>(inImage.size());
            for (float[] p : inImage) {
                Similarity2D s = Similarity2D.estimate(p, m);
                float[] q = new float[p.length];
                for (int i = 0; i < p.length; i += 2) {
                    double[] xy = s.apply(p[i], p[i + 1]);
                    q[i] = (float) xy[0];
                    q[i + 1] = (float) xy[1];
                }
                fitted.add(q);
            }
            m = reframed(mean(fitted), first);
        }
        return m;
    }

    /** {@code m} moved and scaled so that its centroid and RMS radius equal {@code ref}'s. */
    private static float[] reframed(float[] m, float[] ref) {
        double[] cm = centroid(m);
        double[] cr = centroid(ref);
        double k = rms(ref, cr) / rms(m, cm);
        float[] out = new float[m.length];
        for (int i = 0; i < m.length; i += 2) {
            out[i] = (float) (cr[0] + (m[i] - cm[0]) * k);
            out[i + 1] = (float) (cr[1] + (m[i + 1] - cm[1]) * k);
        }
        return out;
    }

    private static double[] centroid(float[] p) {
        double x = 0;
        double y = 0;
        for (int i = 0; i < p.length; i += 2) {
            x += p[i];
            y += p[i + 1];
        }
        return new double[] {2 * x / p.length, 2 * y / p.length};
    }

    private static double rms(float[] p, double[] c) {
        double s = 0;
        for (int i = 0; i < p.length; i += 2) {
            s += (p[i] - c[0]) * (p[i] - c[0]) + (p[i + 1] - c[1]) * (p[i + 1] - c[1]);
        }
        return Math.sqrt(2 * s / p.length);
    }

    private static float[] mean(List<float[]> shapes) {
        float[] out = new float[shapes.get(0).length];
        for (float[] p : shapes) {
            for (int i = 0; i < out.length; i++) {
                out[i] += p[i] / shapes.size();
            }
        }
        return out;
    }
}
