package io.faceembed.search;

import io.faceembed.imaging.ImageDecodeException;
import io.faceembed.imaging.ImageDecoder;
import io.faceembed.inference.Face;
import io.faceembed.inference.FacePipeline;
import io.faceembed.inference.ImageOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** The embedding of the largest face in an image file, as the store would have it. */
public final class QueryFace {

    private QueryFace() {
    }

    /** @throws IllegalArgumentException naming the file when it cannot be read, decoded or shows no face */
    public static float[] embed(FacePipeline pipeline, Path image) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(image);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + image + ": " + e.getMessage());
        }
        ImageOutcome outcome;
        try {
            outcome = pipeline.process(List.of(new ImageDecoder().decode(bytes, image.toString()))).get(0);
        } catch (ImageDecodeException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        return switch (outcome.status()) {
            case FAILED -> throw new IllegalArgumentException(image + ": " + outcome.reason());
            case NO_FACE -> throw new IllegalArgumentException(image + ": no face found");
            case OK -> outcome.faces().stream().max(Comparator.comparingDouble(f -> f.detection().area()))
                    .map(Face::embedding).orElseThrow();
        };
    }
}
