package io.faceembed.inference;

import io.faceembed.imaging.DecodedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * detect -> landmarks -> align -> embed -> L2-normalise, every step batched over all faces of all images of the
 * call. If a batch fails, its images are retried one by one so that a bad image fails alone, with its reason.
 * Faces too small in a reduced image are cut from a finer decode of its file ({@link FaceSources}). Boxes and
 * landmarks are reported in the pixel grid of the original file (undoing decode-time subsampling).
 */
public final class DefaultFacePipeline implements FacePipeline {

    private final FaceDetector detector;
    private final LandmarkDetector landmarks;
    private final FaceAligner aligner;
    private final FaceEmbedder embedder;
    private final PipelineSignature signature;
    private final List<AutoCloseable> owned;
    private final String provider;

    /**
     * @param landmarks may be {@code null} when the aligner works from the detector's own five points
     * @param owned     native resources closed with the pipeline (sessions shared by several steps appear once)
     * @param provider  the execution provider the models' sessions were made for ({@code CPU}, {@code CUDA:0})
     */
    public DefaultFacePipeline(FaceDetector detector, LandmarkDetector landmarks, FaceAligner aligner,
                               FaceEmbedder embedder, PipelineSignature signature, List<AutoCloseable> owned,
                               String provider) {
        this.detector = detector;
        this.landmarks = landmarks;
        this.aligner = aligner;
        this.embedder = embedder;
        this.signature = signature;
        this.owned = List.copyOf(owned);
        this.provider = provider;
    }

    @Override
    public List<ImageOutcome> process(List<DecodedImage> images) {
        if (images.isEmpty()) {
            return List.of();
        }
        try {
            return processBatch(images);
        } catch (RuntimeException batchFailure) {
            if (images.size() == 1) {
                return List.of(ImageOutcome.failed(reason(batchFailure)));
            }
            List<ImageOutcome> outcomes = new ArrayList<>(images.size());
            for (DecodedImage image : images) {
                outcomes.add(process(List.of(image)).get(0));
            }
            return outcomes;
        }
    }

    private List<ImageOutcome> processBatch(List<DecodedImage> images) {
        List<List<Detection>> detections = detector.detect(images);
        List<FaceRef> faces = new ArrayList<>();
        List<Integer> imageOfFace = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            for (FaceRef face : FaceSources.of(images.get(i), detections.get(i))) {
                faces.add(face);
                imageOfFace.add(i);
            }
        }
        List<float[]> points = locate(faces);
        if (landmarks != null) {
            // The landmark net skips a box that holds no whole pixel of its image (a sliver at an edge); face-api
            // drops such a face, and so do we, keeping the image's other faces
            for (int f = faces.size() - 1; f >= 0; f--) {
                if (points.get(f) == null) {
                    faces.remove(f);
                    points.remove(f);
                    imageOfFace.remove(f);
                }
            }
        }
        List<FaceChip> chips = new ArrayList<>(faces.size());
        for (int f = 0; f < faces.size(); f++) {
            chips.add(aligner.align(faces.get(f), points.get(f)));
        }
        float[][] embeddings = faces.isEmpty() ? new float[0][] : embedder.embed(chips);

        List<List<Face>> facesOfImage = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            facesOfImage.add(new ArrayList<>());
        }
        for (int f = 0; f < faces.size(); f++) {
            // the image a face was cut from: the decoded one, or a finer decode of its file (FaceSources)
            double scale = faces.get(f).image().scale();
            List<Face> imageFaces = facesOfImage.get(imageOfFace.get(f));
            imageFaces.add(new Face(imageFaces.size(), faces.get(f).detection().scaled(scale),
                    Detection.scaled(points.get(f), scale), l2Normalise(embeddings[f])));
        }
        List<ImageOutcome> outcomes = new ArrayList<>(images.size());
        for (List<Face> imageFaces : facesOfImage) {
            outcomes.add(ImageOutcome.ok(imageFaces));
        }
        return outcomes;
    }

    private List<float[]> locate(List<FaceRef> faces) {
        if (faces.isEmpty()) {
            return List.of();
        }
        if (landmarks != null) {
            return new ArrayList<>(landmarks.locate(faces));
        }
        List<float[]> points = new ArrayList<>(faces.size());
        for (FaceRef face : faces) {
            points.add(face.detection().landmarks5());
        }
        return points;
    }

    static float[] l2Normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        float inv = sum > 0 ? (float) (1.0 / Math.sqrt(sum)) : 0f;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }

    private String reason(RuntimeException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "inference failed (" + signature.model() + "/" + signature.detector() + "): " + msg;
    }

    @Override
    public String executionProvider() {
        return provider;
    }

    @Override
    public PipelineSignature signature() {
        return signature;
    }

    @Override
    public int embeddingDimension() {
        return embedder.dimension();
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("closing " + c + " failed", e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
