package io.faceembed.search;

import io.faceembed.inference.FacePipeline;
import java.nio.file.Path;

/** Whether two images show one person: the similarity of their largest faces against the model's threshold. */
public final class FaceVerifier {

    public record Verdict(double similarity, double threshold, boolean samePerson) {
    }

    private FaceVerifier() {
    }

    public static Verdict verify(FacePipeline pipeline, Path a, Path b, double threshold) {
        double s = Vectors.dot(QueryFace.embed(pipeline, a), QueryFace.embed(pipeline, b));
        return new Verdict(s, threshold, s >= threshold);
    }
}
