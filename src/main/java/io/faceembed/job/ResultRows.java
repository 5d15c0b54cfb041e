package io.faceembed.job;

import io.faceembed.inference.Detection;
import io.faceembed.inference.Face;
import io.faceembed.inference.ImageOutcome;
import io.faceembed.listing.ImageFile;
import io.faceembed.sinks.ResultSchema;
import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Turns one image's outcome into its rows of {@link ResultSchema#SCHEMA}: one per face, or one with index -1. */
public final class ResultRows {

    /** What made the rows: the same for every row of a run. */
    public record Producer(String model, String detector, String signature) implements Serializable {
    }

    private ResultRows() {
    }

    public static List<Row> of(ImageFile image, ImageOutcome outcome, Producer producer, Timestamp writtenAt) {
        if (outcome.status() != ImageOutcome.Status.OK) {
            return List.of(RowFactory.create(image.path(), image.folder(), image.size(), image.mtime(),
                    ResultSchema.NO_FACE_INDEX, outcome.status().column(), outcome.reason(),
                    null, null, null, null, null, null, null, 0,
                    producer.model(), producer.detector(), producer.signature(), writtenAt));
        }
        List<Row> rows = new ArrayList<>(outcome.faces().size());
        for (Face face : outcome.faces()) {
            Detection d = face.detection();
            rows.add(RowFactory.create(image.path(), image.folder(), image.size(), image.mtime(),
                    face.index(), outcome.status().column(), outcome.reason(),
                    d.x1(), d.y1(), d.x2(), d.y2(), d.score(), boxed(face.landmarks()), boxed(face.embedding()),
                    face.embedding() == null ? 0 : face.embedding().length,
                    producer.model(), producer.detector(), producer.signature(), writtenAt));
        }
        return rows;
    }

    public static List<Row> failed(ImageFile image, String reason, Producer producer, Timestamp writtenAt) {
        return of(image, ImageOutcome.failed(reason), producer, writtenAt);
    }

    /** Spark's Row holds arrays of floats as boxed arrays (or Seqs); a float[] would not encode. */
    public static Float[] boxed(float[] values) {
        if (values == null) {
            return null;
        }
        Float[] out = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
