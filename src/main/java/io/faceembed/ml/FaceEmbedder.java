package io.faceembed.ml;

import io.faceembed.config.Augmentation;
import io.faceembed.config.EmbedOption;
import io.faceembed.config.PipelineSpec;
import io.faceembed.job.ModelShipment;
import io.faceembed.job.PipelineOpener;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The embed job's pipeline as a Spark ML {@link Transformer}, for notebooks and for Spark ML pipelines:
 * <pre>{@code
 * Dataset<Row> images = spark.read().format("binaryFile").load("/data/faces");
 * Dataset<Row> faces = new FaceEmbedder().setInputCol("content").transform(images);
 * }</pre>
 * The input column holds image bytes (binaryFile's {@code content}) or image paths (any Hadoop URI). Two columns
 * are appended: {@link #outputCol} (default {@code faces}), an array of {@link FaceStruct} (empty when the image
 * has no face, null when it failed), and {@link #errorCol} (default {@code error}), the reason an image failed.
 * Every input row comes out once. The model files are checked on the driver and shipped with Spark, and each
 * executor JVM opens the pipeline once, shared by all its tasks, as the job's executors do.
 */
public final class FaceEmbedder extends Transformer {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final Param<String> errorCol;
    private final Param<String> model;
    private final Param<String> detector;
    private final Param<String> device;
    private final DoubleParam minConfidence;
    private final Param<String> modelsDir;
    private final Param<String> augment;
    private final Param<String> precision;
    private final IntParam batchSize;

    public FaceEmbedder() {
        this(Identifiable$.MODULE$.randomUID("faceEmbedder"));
    }

    public FaceEmbedder(String uid) {
        this.uid = uid;
        inputCol = new Param<>(this, "inputCol", "column of image bytes (binaryFile's content) or image paths");
        outputCol = new Param<>(this, "outputCol", "column of faces to add: array of (face_index, box_x1, box_y1,"
                + " box_x2, box_y2, score, landmarks, embedding)");
        errorCol = new Param<>(this, "errorCol", "column to add: why an image failed, null when it did not");
        model = new Param<>(this, "model", "embedder, as in --model (Dlib is built in)");
        detector = new Param<>(this, "detector", "face detector, as in --detector (ssd is built in)");
        device = new Param<>(this, "device", "auto, cpu or gpu, as in --device",
                ParamValidators.inArray(List.copyOf(PipelineSpec.DEVICES)));
        minConfidence = new DoubleParam(this, "minConfidence", "detector score threshold, in (0, 1)",
                ParamValidators.inRange(0, 1, false, false));
        modelsDir = new Param<>(this, "modelsDir", "folder or Hadoop URI of the model files, as in --models-dir");
        augment = new Param<>(this, "augment", "test-time augmentation: " + Augmentation.LABELS);
        precision = new Param<>(this, "precision", "fp32, or fp16 for the half-precision files (GPU)",
                ParamValidators.inArray(List.copyOf(PipelineSpec.PRECISIONS)));
        batchSize = new IntParam(this, "batchSize", "images per model call, as in --model-batch",
                ParamValidators.gtEq(1));
        setDefault(inputCol, "content");
        setDefault(outputCol, "faces");
        setDefault(errorCol, "error");
        setDefault(model, PipelineSpec.DEFAULT_MODEL);
        setDefault(detector, PipelineSpec.DEFAULT_DETECTOR);
        setDefault(device, "auto");
        setDefault(minConfidence, 0.5);
        setDefault(modelsDir, EmbedOption.MODELS_DIR.defaultValue());
        setDefault(augment, Augmentation.MIRROR.label());
        setDefault(precision, PipelineSpec.DEFAULT_PRECISION);
        setDefault(batchSize, 16);
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> inputCol() {
        return inputCol;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public Param<String> errorCol() {
        return errorCol;
    }

    public Param<String> model() {
        return model;
    }

    public Param<String> detector() {
        return detector;
    }

    public Param<String> device() {
        return device;
    }

    public DoubleParam minConfidence() {
        return minConfidence;
    }

    public Param<String> modelsDir() {
        return modelsDir;
    }

    public Param<String> augment() {
        return augment;
    }

    public Param<String> precision() {
        return precision;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public FaceEmbedder setInputCol(String value) {
        return (FaceEmbedder) set(inputCol, value);
    }

    public FaceEmbedder setOutputCol(String value) {
        return (FaceEmbedder) set(outputCol, value);
    }

    public FaceEmbedder setErrorCol(String value) {
        return (FaceEmbedder) set(errorCol, value);
    }

    public FaceEmbedder setModel(String value) {
        return (FaceEmbedder) set(model, value);
    }

    public FaceEmbedder setDetector(String value) {
        return (FaceEmbedder) set(detector, value);
    }

    public FaceEmbedder setDevice(String value) {
        return (FaceEmbedder) set(device, value);
    }

    public FaceEmbedder setMinConfidence(double value) {
        return (FaceEmbedder) set(minConfidence, value);
    }

    public FaceEmbedder setModelsDir(String value) {
        return (FaceEmbedder) set(modelsDir, value);
    }

    /** {@code none}, {@code mirror} or {@code jitterN}; checked here, so a wrong label fails at once. */
    public FaceEmbedder setAugment(String value) {
        try {
            Augmentation.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(uid + " parameter augment: " + e.getMessage(), e);
        }
        return (FaceEmbedder) set(augment, value);
    }

    public FaceEmbedder setPrecision(String value) {
        return (FaceEmbedder) set(precision, value);
    }

    public FaceEmbedder setBatchSize(int value) {
        return (FaceEmbedder) set(batchSize, value);
    }

    /** The pipeline these parameters name, as the embed job's options would. */
    public PipelineSpec pipelineSpec() {
        return new PipelineSpec($(model), $(detector), $(modelsDir), $(device), 0,
                (float) (double) (Double) $(minConfidence), $(precision), Augmentation.parse($(augment)));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        String input = $(inputCol);
        if (!List.of(schema.fieldNames()).contains(input)) {
            throw new IllegalArgumentException("FaceEmbedder inputCol: no column '" + input + "' in "
                    + schema.simpleString());
        }
        DataType type = schema.apply(input).dataType();
        if (!type.equals(DataTypes.BinaryType) && !type.equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("FaceEmbedder inputCol: column '" + input + "' is " + type.simpleString()
                    + "; it must hold image bytes (binary) or image paths (string)");
        }
        for (Param<String> added : List.of(outputCol, errorCol)) {
            if (List.of(schema.fieldNames()).contains($(added))) {
                throw new IllegalArgumentException("FaceEmbedder " + added.name() + ": column '" + $(added)
                        + "' already exists");
            }
        }
        if ($(outputCol).equals($(errorCol))) {
            throw new IllegalArgumentException("FaceEmbedder outputCol and errorCol are both '" + $(outputCol) + "'");
        }
        return schema.add($(outputCol), FaceStruct.ARRAY, true).add($(errorCol), DataTypes.StringType, true);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType in = dataset.schema();
        StructType out = transformSchema(in);
        int input = in.fieldIndex($(inputCol));
        FaceColumnPartitions.Source source = in.apply(input).dataType().equals(DataTypes.BinaryType)
                ? FaceColumnPartitions.Source.BYTES : FaceColumnPartitions.Source.PATH;
        int name = List.of(in.fieldNames()).contains("path") && in.apply("path").dataType().equals(DataTypes.StringType)
                ? in.fieldIndex("path") : -1;
        SparkContext sc = dataset.sparkSession().sparkContext();
        PipelineSpec spec = pipelineSpec();
        PipelineOpener opener = ModelShipment.stageAndShip(sc, spec, PipelineOpener.MODELS, System.out);
        var hadoopConf = JavaSparkContext.fromSparkContext(sc)
                .broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
        FaceColumnPartitions task = new FaceColumnPartitions(input, source, name, hadoopConf, spec, opener,
                (Integer) $(batchSize));
        return dataset.toDF().mapPartitions(task, Encoders.row(out));
    }

    @Override
    public FaceEmbedder copy(ParamMap extra) {
        return (FaceEmbedder) defaultCopy(extra);
    }
}
