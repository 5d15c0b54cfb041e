package io.faceembed.testing;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.imaging.ImageDecoder;
import io.faceembed.inference.Detection;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.FaceRef;
import io.faceembed.inference.dlib.DlibChipAligner;
import io.faceembed.inference.dlib.DlibEmbedder;
import io.faceembed.inference.landmarks.FaceLandmark68Detector;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.inference.ssd.SsdMobilenetDetector;
import io.faceembed.inference.ssd.SsdSettings;
import io.faceembed.models.BuiltInModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Faces of real images cut into the recogniser's 150x150 chips as the Dlib pipeline cuts them (float32 models). */
public final class DlibChips {

    private static final int BATCH = 16;

    private DlibChips() {
    }

    /** Every face the detector finds in {@code files}, or only each image's best-scoring one. */
    public static List<FaceChip> of(List<Path> files, boolean bestFaceOnly) throws Exception {
        List<FaceRef> faces = faces(files, bestFaceOnly);
        try (OnnxModel lm = new OnnxModel(InstalledModels.dir().resolve(BuiltInModel.FACE_LANDMARK_68.onnxFile()),
                SessionOptionsFactory.cpu(0))) {
            List<float[]> points = new FaceLandmark68Detector(lm, BATCH, false).locate(faces);
            DlibChipAligner aligner = new DlibChipAligner(DlibChipAligner.Fit.POINTS_68);
            List<FaceChip> chips = new ArrayList<>();
            for (int i = 0; i < faces.size(); i++) {
                if (points.get(i) != null) {
                    chips.add(aligner.align(faces.get(i), points.get(i)));
                }
            }
            return chips;
        }
    }

    /** The faces the float detector finds in {@code files}: all of them, or each image's best-scoring one. */
    public static List<FaceRef> faces(List<Path> files, boolean bestFaceOnly) throws Exception {
        try (OnnxModel ssd = new OnnxModel(InstalledModels.dir().resolve(BuiltInModel.SSD_MOBILENET_V1.onnxFile()),
                SessionOptionsFactory.cpu(0))) {
            ImageDecoder decoder = new ImageDecoder();
            SsdMobilenetDetector detector = new SsdMobilenetDetector(ssd, SsdSettings.defaults());
            List<FaceRef> faces = new ArrayList<>();
            for (int i = 0; i < files.size(); i += BATCH) {
                List<DecodedImage> images = new ArrayList<>();
                for (Path f : files.subList(i, Math.min(files.size(), i + BATCH))) {
                    images.add(decoder.decode(Files.readAllBytes(f), f.toString()));
                }
                List<List<Detection>> found = detector.detect(images);
                for (int k = 0; k < images.size(); k++) {
                    DecodedImage image = images.get(k);
                    Stream<Detection> chosen = bestFaceOnly
                            ? found.get(k).stream().max(Comparator.comparingDouble(Detection::score)).stream()
                            : found.get(k).stream();
                    chosen.forEach(d -> faces.add(new FaceRef(image, d)));
                }
            }
            return faces;
        }
    }

    /** The cosine of each chip's embedding by {@code reference} to its embedding by {@code other}, in rising order. */
    public static double[] sortedCosines(OnnxModel reference, OnnxModel other, List<FaceChip> chips) {
        return sortedCosines(embed(new DlibEmbedder(reference), chips), embed(new DlibEmbedder(other), chips));
    }

    /** The cosine of the embeddings by {@code model} of the i-th chips of {@code a} and {@code b}, in rising order. */
    public static double[] cosinesOfTwoChipSets(OnnxModel model, List<FaceChip> a, List<FaceChip> b) {
        DlibEmbedder embedder = new DlibEmbedder(model);
        return sortedCosines(embed(embedder, a), embed(embedder, b));
    }

    private static double[] sortedCosines(float[][] a, float[][] b) {
        double[] cosines = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double dot = 0;
            double na = 0;
            double nb = 0;
            for (int k = 0; k < a[i].length; k++) {
                dot += a[i][k] * (double) b[i][k];
                na += a[i][k] * (double) a[i][k];
                nb += b[i][k] * (double) b[i][k];
            }
            cosines[i] = dot / Math.sqrt(na * nb);
        }
        Arrays.sort(cosines);
        return cosines;
    }

    private static float[][] embed(DlibEmbedder embedder, List<FaceChip> chips) {
        float[][] out = new float[chips.size()][];
        for (int i = 0; i < chips.size(); i += BATCH) {
            float[][] batch = embedder.embed(chips.subList(i, Math.min(chips.size(), i + BATCH)));
            System.arraycopy(batch, 0, out, i, batch.length);
        }
        return out;
    }

    /** Every {@code stride}-th JPEG under {@code dir}, in path order. */
    public static List<Path> jpegs(Path dir, int stride) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = walk.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".jpg")).sorted()
                    .toList();
            List<Path> every = new ArrayList<>();
            for (int i = 0; i < all.size(); i += stride) {
                every.add(all.get(i));
            }
            return every;
        }
    }
}
