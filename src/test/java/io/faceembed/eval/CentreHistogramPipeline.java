package io.faceembed.eval;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.Detection;
import io.faceembed.inference.Face;
import io.faceembed.inference.FacePipeline;
import io.faceembed.inference.ImageOutcome;
import io.faceembed.inference.PipelineSignature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A real, simple face pipeline for tests: the "face" is the centre half of the image, its embedding the
 * L2-normalised square root of a 4x4x4 RGB histogram of that crop. Images whose pixels hash to one of
 * {@code blind} get no face. With {@code decoyFaces}, each image also gets a large off-centre face with a constant
 * embedding, which the evaluator must ignore.
 */
final class CentreHistogramPipeline implements FacePipeline {

    static final int BINS = 4;

    private final Set<Integer> blind;
    private final boolean decoyFaces;
    volatile int calls;
    volatile int largestBatch;

    CentreHistogramPipeline(Set<Integer> blind, boolean decoyFaces) {
        this.blind = blind;
        this.decoyFaces = decoyFaces;
    }

    static int pixelHash(DecodedImage image) {
        return Arrays.hashCode(image.rgb());
    }

    @Override
    public List<ImageOutcome> process(List<DecodedImage> images) {
        calls++;
        largestBatch = Math.max(largestBatch, images.size());
        List<ImageOutcome> out = new ArrayList<>(images.size());
        for (DecodedImage image : images) {
            if (blind.contains(pixelHash(image))) {
                out.add(ImageOutcome.noFace());
                continue;
            }
            int w = image.width();
            int h = image.height();
            List<Face> faces = new ArrayList<>();
            if (decoyFaces) {
                // bigger than the central face but not covering the centre
                Detection decoy = new Detection(0, 0, w * 0.45f, h * 0.95f, 0.99f, null);
                float[] constant = new float[BINS * BINS * BINS];
                constant[0] = 1f;
                faces.add(new Face(0, decoy, null, constant));
            }
            Detection centre = new Detection(w / 4f, h / 4f, w * 3 / 4f, h * 3 / 4f, 0.9f, null);
            faces.add(new Face(faces.size(), centre, null, histogram(image, w / 4, h / 4, w * 3 / 4, h * 3 / 4)));
            out.add(ImageOutcome.ok(faces));
        }
        return out;
    }

    private static float[] histogram(DecodedImage image, int x1, int y1, int x2, int y2) {
        float[] hist = new float[BINS * BINS * BINS];
        int shift = 8 - Integer.numberOfTrailingZeros(BINS);
        for (int y = y1; y < y2; y++) {
            for (int x = x1; x < x2; x++) {
                int r = image.red(x, y) >> shift;
                int g = image.green(x, y) >> shift;
                int b = image.blue(x, y) >> shift;
                hist[(r * BINS + g) * BINS + b]++;
            }
        }
        double norm = 0;
        for (int i = 0; i < hist.length; i++) {
            hist[i] = (float) Math.sqrt(hist[i]);
            norm += hist[i] * hist[i];
        }
        for (int i = 0; i < hist.length; i++) {
            hist[i] /= (float) Math.sqrt(norm);
        }
        return hist;
    }

    @Override
    public PipelineSignature signature() {
        return new PipelineSignature("centre-histogram", "centre-crop", null, null, "none");
    }

    @Override
    public int embeddingDimension() {
        return BINS * BINS * BINS;
    }

    @Override
    public void close() {
    }
}
