package io.faceembed.job;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.faceembed.inference.ImageOutcome.Status;
import io.faceembed.sinks.ResultSchema;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Exact counts of one wave's results (or a sum of waves), taken from the rows themselves. */
public record WaveCounts(long embedded, long noFace, long failed, long faces) {

    public static final WaveCounts NONE = new WaveCounts(0, 0, 0, 0);

    public static WaveCounts of(Dataset<Row> results) {
        Row r = results.agg(
                count_distinct(when(isStatus(Status.OK), col(ResultSchema.PATH))),
                rowsWith(Status.NO_FACE), rowsWith(Status.FAILED), rowsWith(Status.OK)).first();
        return new WaveCounts(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3));
    }

    public WaveCounts plus(WaveCounts o) {
        return new WaveCounts(embedded + o.embedded, noFace + o.noFace, failed + o.failed, faces + o.faces);
    }

    public long images() {
        return embedded + noFace + failed;
    }

    private static Column isStatus(Status s) {
        return col(ResultSchema.STATUS).equalTo(lit(s.column()));
    }

    private static Column rowsWith(Status s) {
        return coalesce(sum(when(isStatus(s), lit(1L)).otherwise(lit(0L))), lit(0L));
    }
}
