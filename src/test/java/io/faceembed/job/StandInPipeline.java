package io.faceembed.job;

import io.faceembed.config.PipelineSpec;
import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.Detection;
import io.faceembed.inference.Face;
import io.faceembed.inference.FacePipeline;
import io.faceembed.inference.ImageOutcome;
import io.faceembed.inference.PipelineSignature;
import java.util.ArrayList;
import java.util.List;

/**
 * NOT a face model: a deterministic pipeline that lets the job's Spark wiring (waves, rows, failures, re-runs) be
 * tested before the real models are installed. Every image of at least 32x32 pixels "has" one face covering it,
 * whose "embedding" is its normalised mean colour; smaller images have none. {@link #failing} makes every call
 * throw, as a broken model would.
 */
final class StandInPipeline implements FacePipeline {

    static volatile boolean failing;

    private final PipelineSpec spec;

    StandInPipeline(PipelineSpec spec) {
        this.spec = spec;
    }

    /** Opens a stand-in for any spec; executors of a local[2] test session share the test classpath. */
    static final class Opener implements PipelineOpener {
        private static final long serialVersionUID = 1L;

        @Override
        public FacePipeline open(PipelineSpec spec) {
            return new StandInPipeline(spec);
        }
    }

    @Override
    public List<ImageOutcome> process(List<DecodedImage> images) {
        if (failing) {
            throw new IllegalStateException("stand-in model failure");
        }
        List<ImageOutcome> out = new ArrayList<>(images.size());
        for (DecodedImage img : images) {
            if (img.width() < 32 || img.height() < 32) {
                out.add(ImageOutcome.noFace());
                continue;
            }
            double r = 0, g = 0, b = 0;
            byte[] px = img.rgb();
            for (int i = 0; i < px.length; i += 3) {
                r += px[i] & 0xff;
                g += px[i + 1] & 0xff;
                b += px[i + 2] & 0xff;
            }
            double norm = Math.sqrt(r * r + g * g + b * b);
            float[] e = norm == 0 ? new float[]{1, 0, 0} : new float[]{(float) (r / norm), (float) (g / norm), (float) (b / norm)};
            Detection d = new Detection(0, 0, img.width(), img.height(), 1f, null);
            out.add(ImageOutcome.ok(List.of(new Face(0, d, null, e))));
        }
        return out;
    }

    @Override
    public PipelineSignature signature() {
        return new PipelineSignature(spec.model(), spec.detector(), "standin-" + spec.model(), "standin", "standin-v1");
    }

    @Override
    public int embeddingDimension() {
        return 3;
    }

    @Override
    public void close() {
    }
}
