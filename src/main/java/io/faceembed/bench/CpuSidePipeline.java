package io.faceembed.bench;

import io.faceembed.config.PipelineSpec;
import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.Detection;
import io.faceembed.inference.Face;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.FacePipeline;
import io.faceembed.inference.FaceRef;
import io.faceembed.inference.ImageOutcome;
import io.faceembed.inference.PipelineSignature;
import io.faceembed.inference.PixelBox;
import io.faceembed.inference.align.ChipSampler;
import io.faceembed.inference.dlib.DlibChipAligner;
import io.faceembed.inference.dlib.DlibEmbedder;
import io.faceembed.inference.landmarks.FaceLandmark68Detector;
import io.faceembed.inference.ssd.SsdCanvas;
import io.faceembed.inference.ssd.SsdInput;
import io.faceembed.job.PipelineOpener;
import io.faceembed.models.PipelineFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The GPU path's CPU work without the networks, for the bench's CPU-side ceiling: each image is copied onto the
 * detector's 8-bit canvas (the GPU resizes it; with {@code -Dfaceembed.detectorResize=cpu} resized here to
 * 512x512 8-bit pixels), a centred box stands for the face, whose 112x112 landmark crop and 150x150 chip are cut
 * as the pipeline cuts them, and one fixed unit vector stands for the embedding. With
 * decode, Spark and the store as in the real job, the job's rate with this pipeline is what the CPUs could feed
 * a GPU that took no time. Never used outside the bench.
 */
final class CpuSidePipeline implements FacePipeline {

    /** Opens this pipeline in place of the models; a named class so Spark can ship it. */
    static final class Opener implements PipelineOpener {
        private static final long serialVersionUID = 1L;
        static final Opener INSTANCE = new Opener();

        @Override
        public FacePipeline open(PipelineSpec spec) {
            return new CpuSidePipeline();
        }

        private Object readResolve() {
            return INSTANCE;
        }
    }

    private static final float[] EMBEDDING = unit(DlibEmbedder.DIMENSION);
    private static final ThreadLocal<byte[]> DETECTOR_INPUT =
            ThreadLocal.withInitial(() -> new byte[SsdInput.CANVAS_VALUES]);
    private static final boolean RESIZE_HERE = PipelineFactory.cpuResizeRequested();
    private static final ThreadLocal<float[]> LANDMARK_INPUT = ThreadLocal.withInitial(
            () -> new float[3 * FaceLandmark68Detector.INPUT_SIZE * FaceLandmark68Detector.INPUT_SIZE]);

    private final DlibChipAligner aligner = new DlibChipAligner(DlibChipAligner.Fit.POINTS_68);

    @Override
    public List<ImageOutcome> process(List<DecodedImage> images) {
        List<ImageOutcome> outcomes = new ArrayList<>(images.size());
        for (DecodedImage image : images) {
            if (RESIZE_HERE) {
                SsdInput.fill(image, SsdCanvas.of(image), DETECTOR_INPUT.get(), 0);
            } else {
                SsdInput.fillCanvas(image, SsdCanvas.of(image), DETECTOR_INPUT.get(), 0);
            }
            Detection box = centredBox(image);
            int x = (int) box.x1();
            int y = (int) box.y1();
            ChipSampler.resizeBox(image, new PixelBox(x, y, (int) box.width(), (int) box.height()), true,
                    FaceLandmark68Detector.INPUT_SIZE, LANDMARK_INPUT.get(), 0);
            FaceChip chip = aligner.align(new FaceRef(image, box), null);
            if (chip.size() != DlibEmbedder.CHIP_SIZE) {
                throw new IllegalStateException("unexpected chip size " + chip.size());
            }
            outcomes.add(ImageOutcome.ok(List.of(new Face(0, box, null, EMBEDDING.clone()))));
        }
        return outcomes;
    }

    /** The middle 40% of the image's shorter side, where an identity photo has its face. */
    private static Detection centredBox(DecodedImage image) {
        int side = Math.max(2, (int) (0.4 * Math.min(image.width(), image.height())));
        int x = (image.width() - side) / 2;
        int y = (image.height() - side) / 2;
        return new Detection(x, y, x + side, y + side, 0.99f, null);
    }

    private static float[] unit(int n) {
        float[] v = new float[n];
        v[0] = 1f;
        return v;
    }

    @Override
    public PipelineSignature signature() {
        return new PipelineSignature("cpu-side-ceiling", "none", null, null, "none");
    }

    @Override
    public int embeddingDimension() {
        return DlibEmbedder.DIMENSION;
    }

    @Override
    public String executionProvider() {
        return "none (CPU-side ceiling)";
    }

    @Override
    public void close() {
    }
}
