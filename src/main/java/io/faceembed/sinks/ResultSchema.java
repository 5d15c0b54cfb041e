package io.faceembed.sinks;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One row per face; an image without a face, or one that failed, has a single row with {@code face_index = -1},
 * status {@code no_face} or {@code failed} and (for failures) the reason. The unique key is
 * (signature, path, size, mtime, face_index).
 */
public final class ResultSchema {

    public static final String PATH = "path";            // relative to --folder, '/'-separated
    public static final String FOLDER = "folder";        // relative folder: the identity label
    public static final String SIZE = "size";            // bytes
    public static final String MTIME = "mtime";          // modification time, epoch millis
    public static final String FACE_INDEX = "face_index";
    public static final String STATUS = "status";        // ok | no_face | failed
    public static final String REASON = "reason";
    public static final String BOX_X1 = "box_x1";
    public static final String BOX_Y1 = "box_y1";
    public static final String BOX_X2 = "box_x2";
    public static final String BOX_Y2 = "box_y2";
    public static final String SCORE = "score";
    public static final String LANDMARKS = "landmarks";
    public static final String EMBEDDING = "embedding";
    public static final String DIM = "dim";
    public static final String MODEL = "model";
    public static final String DETECTOR = "detector";
    public static final String SIGNATURE = "signature";
    public static final String WRITTEN_AT = "written_at";

    public static final int NO_FACE_INDEX = -1;

    /** One row per (image key, pipeline signature, face): unique in every store. */
    public static final java.util.List<String> KEY = java.util.List.of(SIGNATURE, PATH, SIZE, MTIME, FACE_INDEX);

    /** What a store answers when asked which images it holds: an image's key without the signature. */
    public static final StructType STORED_KEY = new StructType()
            .add(PATH, DataTypes.StringType, false)
            .add(SIZE, DataTypes.LongType, false)
            .add(MTIME, DataTypes.LongType, false);

    public static final StructType SCHEMA = new StructType()
            .add(PATH, DataTypes.StringType, false)
            .add(FOLDER, DataTypes.StringType, false)
            .add(SIZE, DataTypes.LongType, false)
            .add(MTIME, DataTypes.LongType, false)
            .add(FACE_INDEX, DataTypes.IntegerType, false)
            .add(STATUS, DataTypes.StringType, false)
            .add(REASON, DataTypes.StringType, true)
            .add(BOX_X1, DataTypes.FloatType, true)
            .add(BOX_Y1, DataTypes.FloatType, true)
            .add(BOX_X2, DataTypes.FloatType, true)
            .add(BOX_Y2, DataTypes.FloatType, true)
            .add(SCORE, DataTypes.FloatType, true)
            .add(LANDMARKS, DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add(EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add(DIM, DataTypes.IntegerType, false)
            .add(MODEL, DataTypes.StringType, false)
            .add(DETECTOR, DataTypes.StringType, false)
            .add(SIGNATURE, DataTypes.StringType, false)
            .add(WRITTEN_AT, DataTypes.TimestampType, false);

    private ResultSchema() {
    }
}
