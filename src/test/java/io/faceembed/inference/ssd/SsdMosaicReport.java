package io.faceembed.inference.ssd;

import io.faceembed.eval.CentralFace;
import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.DefaultFacePipeline;
import io.faceembed.inference.Detection;
import io.faceembed.inference.Face;
import io.faceembed.inference.ImageOutcome;
import io.faceembed.inference.dlib.DlibChipAligner;
import io.faceembed.inference.dlib.DlibEmbedder;
import io.faceembed.inference.landmarks.FaceLandmark68Detector;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.models.BuiltInModel;
import io.faceembed.search.Vectors;
import io.faceembed.testing.InstalledModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Detector mosaics against one image per input on LFW portraits: detection agreement and speed, and how far the
 * embeddings of the whole pipeline move. Measures, never asserts: {@code mvn test -Dtest=SsdMosaicReport}
 * ({@code -Dmosaic.images=N}, default 400; {@code -Dmosaic.folder=DIR} for other images than LFW's).
 */
class SsdMosaicReport {

    private static List<DecodedImage> lfw() {
        int limit = Integer.getInteger("mosaic.images", 400);
        List<DecodedImage> images = new ArrayList<>();
        String folder = System.getProperty("mosaic.folder");
        Path dir = folder == null ? SsdFixtures.faces().resolve("lfw-dev/images") : Path.of(folder);
        for (Path p : SsdFixtures.jpegs(dir)) {
            if (images.size() >= limit) {
                break;
            }
            images.add(SsdFixtures.read(p));
        }
        return images;
    }

    @Test
    void embeddingsOfTheCentralFaceMoveLittle() {
        List<DecodedImage> images = lfw();
        SsdSettings base = SsdSettings.defaults().withFallbackMinConfidence(SsdSettings.FALLBACK_MIN_CONFIDENCE);
        List<ImageOutcome> plain = embedAll(base.withMosaic(false), images);
        List<ImageOutcome> tiled = embedAll(base.withMosaic(true), images);
        List<Double> cosines = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            int w = images.get(i).width();
            int h = images.get(i).height();
            java.util.Optional<Face> a = CentralFace.pick(plain.get(i).faces(), w, h);
            java.util.Optional<Face> b = CentralFace.pick(tiled.get(i).faces(), w, h);
            if (a.isPresent() && b.isPresent()) {
                float[] x = Vectors.normalized(a.get().embedding());
                cosines.add(Vectors.dot(x, Vectors.normalized(b.get().embedding())));
            }
        }
        java.util.Collections.sort(cosines);
        System.out.printf(Locale.ROOT, "mosaic: central-face embeddings of %d images, cosine to one image per input:"
                        + " median %.4f, 5th percentile %.4f, min %.4f, below 0.9: %d%n", cosines.size(),
                cosines.get(cosines.size() / 2), cosines.get(cosines.size() / 20), cosines.get(0),
                cosines.stream().filter(c -> c < 0.9).count());
    }

    private static List<ImageOutcome> embedAll(SsdSettings settings, List<DecodedImage> images) {
        Path dir = InstalledModels.dir();
        SessionOptionsFactory cpu = SessionOptionsFactory.cpu(0);
        try (OnnxModel ssd = new OnnxModel(dir.resolve(BuiltInModel.SSD_MOBILENET_V1.onnxFile()), cpu);
             OnnxModel landmarks = new OnnxModel(dir.resolve(BuiltInModel.FACE_LANDMARK_68.onnxFile()), cpu);
             OnnxModel recogniser = new OnnxModel(dir.resolve(BuiltInModel.FACE_RECOGNITION.onnxFile()), cpu)) {
            DefaultFacePipeline pipeline = new DefaultFacePipeline(new SsdMobilenetDetector(ssd, settings),
                    new FaceLandmark68Detector(landmarks), new DlibChipAligner(DlibChipAligner.Fit.POINTS_68), new DlibEmbedder(recogniser),
                    null, List.of(), "CPU");
            List<ImageOutcome> out = new ArrayList<>();
            for (int i = 0; i < images.size(); i += 16) {
                out.addAll(pipeline.process(images.subList(i, Math.min(images.size(), i + 16))));
            }
            return out;
        }
    }

    @Test
    void compares() {
        List<DecodedImage> images = lfw();
        SsdSettings base = SsdSettings.defaults().withFallbackMinConfidence(SsdSettings.FALLBACK_MIN_CONFIDENCE);
        try (SsdMobilenetDetector plain = new SsdMobilenetDetector(SsdFixtures.model(0), base.withMosaic(false));
             SsdMobilenetDetector mosaic = new SsdMobilenetDetector(SsdFixtures.model(0), base.withMosaic(true))) {
            SsdFixtures.detectAll(plain, images.subList(0, 16));
            SsdFixtures.detectAll(mosaic, images.subList(0, 16));
            long t0 = System.nanoTime();
            List<List<Detection>> a = SsdFixtures.detectAll(plain, images);
            long t1 = System.nanoTime();
            List<List<Detection>> b = SsdFixtures.detectAll(mosaic, images);
            long t2 = System.nanoTime();
            int same = 0;
            int faces = 0;
            int lost = 0;
            int extra = 0;
            double iouSum = 0;
            double centralIou = 0;
            double widthRatio = 0;
            double heightRatio = 0;
            double dx = 0;
            double dy = 0;
            double scoreA = 0;
            double scoreB = 0;
            int pairs = 0;
            for (int i = 0; i < images.size(); i++) {
                same += a.get(i).size() == b.get(i).size() ? 1 : 0;
                extra += Math.max(0, b.get(i).size() - a.get(i).size());
                for (Detection d : a.get(i)) {
                    double best = d.bestIou(b.get(i));
                    faces++;
                    iouSum += best;
                    lost += best < 0.5 ? 1 : 0;
                }
                if (!a.get(i).isEmpty() && !b.get(i).isEmpty()) {
                    Detection p = a.get(i).get(0);
                    Detection q = b.get(i).get(0);
                    centralIou += p.iou(q);
                    widthRatio += q.width() / p.width();
                    heightRatio += q.height() / p.height();
                    dx += ((q.x1() + q.x2()) - (p.x1() + p.x2())) / 2 / p.width();
                    dy += ((q.y1() + q.y2()) - (p.y1() + p.y2())) / 2 / p.height();
                    scoreA += p.score();
                    scoreB += q.score();
                    pairs++;
                }
            }
            System.out.printf(Locale.ROOT, "mosaic: %d images; plain %.1f images/s, mosaic %.1f images/s; same count "
                            + "%d; plain faces %d, lost %d, extra %d, mean best IoU %.4f, best-box IoU %.4f%n",
                    images.size(), images.size() / ((t1 - t0) / 1e9), images.size() / ((t2 - t1) / 1e9), same,
                    faces, lost, extra, iouSum / faces, centralIou / pairs);
            System.out.printf(Locale.ROOT, "mosaic best box vs plain: width x%.3f height x%.3f, centre shift "
                            + "%.3f, %.3f of the width/height; mean score %.3f vs %.3f%n", widthRatio / pairs,
                    heightRatio / pairs, dx / pairs, dy / pairs, scoreB / pairs, scoreA / pairs);
        }
    }
}
