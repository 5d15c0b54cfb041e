package io.faceembed.job;

import io.faceembed.config.PipelineSpec;
import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.FacePipeline;
import io.faceembed.inference.ImageOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * One pipeline call per batch of decoded images; if the batch fails as a whole, each image alone, so that only
 * the image that breaks the models fails, with the reason.
 */
public final class PipelineBatch {

    private PipelineBatch() {
    }

    public static List<ImageOutcome> process(FacePipeline pipeline, PipelineSpec spec, List<DecodedImage> images) {
        if (images.isEmpty()) {
            return List.of();
        }
        try {
            List<ImageOutcome> outcomes = pipeline.process(images);
            if (outcomes.size() == images.size()) {
                return outcomes;
            }
        } catch (RuntimeException e) {
            // falls through: one image at a time finds the one that fails
        }
        List<ImageOutcome> outcomes = new ArrayList<>(images.size());
        for (DecodedImage image : images) {
            outcomes.add(alone(pipeline, spec, image));
        }
        return outcomes;
    }

    private static ImageOutcome alone(FacePipeline pipeline, PipelineSpec spec, DecodedImage image) {
        try {
            List<ImageOutcome> one = pipeline.process(List.of(image));
            if (one.size() != 1) {
                return ImageOutcome.failed("model " + spec.model() + " returned " + one.size()
                        + " outcomes for 1 image");
            }
            return one.get(0);
        } catch (RuntimeException e) {
            return ImageOutcome.failed("model " + spec.model() + "/" + spec.detector() + " failed on this image: " + e);
        }
    }
}
