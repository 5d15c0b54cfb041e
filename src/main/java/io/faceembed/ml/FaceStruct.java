package io.faceembed.ml;

import io.faceembed.inference.Detection;
import io.faceembed.inference.Face;
import io.faceembed.job.ResultRows;
import io.faceembed.sinks.ResultSchema;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One face in {@link FaceEmbedder}'s output column, with the field names and types of the job's result table
 * (box in the upright original image's pixels, L2-normalised embedding), so the same SQL reads both.
 */
public final class FaceStruct {

    public static final StructType SCHEMA = new StructType()
            .add(ResultSchema.FACE_INDEX, DataTypes.IntegerType, false)
            .add(ResultSchema.BOX_X1, DataTypes.FloatType, false)
            .add(ResultSchema.BOX_Y1, DataTypes.FloatType, false)
            .add(ResultSchema.BOX_X2, DataTypes.FloatType, false)
            .add(ResultSchema.BOX_Y2, DataTypes.FloatType, false)
            .add(ResultSchema.SCORE, DataTypes.FloatType, false)
            .add(ResultSchema.LANDMARKS, DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add(ResultSchema.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false);

    /** The output column's type: one element per face, empty for an image without a face. */
    public static final ArrayType ARRAY = DataTypes.createArrayType(SCHEMA, false);

    private FaceStruct() {
    }

    public static Row[] rows(List<Face> faces) {
        Row[] rows = new Row[faces.size()];
        for (int i = 0; i < rows.length; i++) {
            Face f = faces.get(i);
            Detection d = f.detection();
            rows[i] = RowFactory.create(f.index(), d.x1(), d.y1(), d.x2(), d.y2(), d.score(),
                    ResultRows.boxed(f.landmarks()), ResultRows.boxed(f.embedding()));
        }
        return rows;
    }
}
