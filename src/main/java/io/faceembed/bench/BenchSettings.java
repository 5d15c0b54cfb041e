package io.faceembed.bench;

import io.faceembed.config.Augmentation;
import io.faceembed.config.PipelineSpec;
import io.faceembed.models.BuiltInModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What one {@code faceembed bench} run measures.
 *
 * @param folder     an existing identity-folder tree, or {@code null} to build one of {@code folders} folders
 * @param source     images the built tree links to
 * @param work       where trees, stores and scratch files go (target/bench)
 * @param images     images for the decode, detect, embed, one-at-a-time and end-to-end stages
 * @param workers    Spark task slots and decode threads
 * @param planKeys   stored keys (and listed images) of the planning stage
 * @param sinkRows   synthetic rows per sink
 * @param jdbcUrl    PostgreSQL store URL, or {@code null} to skip the JDBC sink
 * @param jdbcProperties file holding {@code password=...}, or {@code null}
 * @param peerImages images face-api times (0: skip the peer)
 * @param detector   the built-in detector of every stage and of the job: {@code ssd} or {@code ssd-int8}
 * @param model      the built-in recogniser of every stage and of the job: {@code Dlib} or {@code Dlib-int8}
 * @param device     where the models run in every stage and the job: {@code cpu}, {@code gpu} or {@code auto}
 * @param modelBatch images (or faces) per model call in the batched stages and the job
 * @param precision  {@code fp32} or {@code fp16}: the networks' files in every stage and the job
 * @param augment    test-time augmentation of the baseline and the job (the stages time the networks alone)
 * @param jobImages  images the end-to-end job embeds
 * @param sweep      batch sizes at which each network runs alone, in fp32 and fp16 (empty: no sweep)
 * @param cpuCeiling also run the job with the networks taken out ({@link CpuSidePipeline})
 * @param skip       stage groups left out: {@link #STAGE_GROUPS}
 */
public record BenchSettings(Path folder, int folders, Path source, Path work, Path modelsDir, Path parityDir,
                            int images, int workers, long planKeys, long sinkRows, String jdbcUrl,
                            Path jdbcProperties, int peerImages, String detector, String model, String device,
                            int modelBatch,
                            String precision, Augmentation augment, int jobImages, List<Integer> sweep,
                            boolean cpuCeiling, Set<String> skip) {

    /** What --skip may name. */
    public static final Set<String> STAGE_GROUPS = Set.of("stages", "baseline", "listing", "planning", "sinks");

    /** The figure published for the seed (one image at a time) on an H100 machine. */
    public static final double SEED_IMAGES_PER_SECOND = 3.7;

    public BenchSettings {
        positive("--folders", folders);
        positive("--images", images);
        positive("--workers", workers);
        positive("--plan-keys", planKeys);
        positive("--rows", sinkRows);
        positive("--model-batch", modelBatch);
        positive("--job-images", jobImages);
        sweep = List.copyOf(sweep);
        skip = Set.copyOf(skip);
        for (int b : sweep) {
            positive("--sweep", b);
        }
        if (!PipelineSpec.PRECISIONS.contains(precision)) {
            throw new IllegalArgumentException("--precision must be fp32 or fp16, got '" + precision + "'");
        }
        if (!"fp32".equals(precision) && BuiltInModel.detector(detector) == BuiltInModel.SSD_MOBILENET_V1_INT8) {
            throw new IllegalArgumentException("--precision " + precision + " applies to the float networks;"
                    + " ssd-int8 is 8-bit (--detector ssd)");
        }
        BuiltInModel recogniser = BuiltInModel.recogniser(model);
        if (recogniser == null) {
            throw new IllegalArgumentException("--model must be a built-in recogniser, Dlib or Dlib-int8, got '"
                    + model + "'");
        }
        if (!"fp32".equals(precision) && recogniser == BuiltInModel.FACE_RECOGNITION_INT8) {
            throw new IllegalArgumentException("--precision " + precision + " applies to the float networks;"
                    + " Dlib-int8 is 8-bit (--model Dlib)");
        }
        for (String group : skip) {
            if (!STAGE_GROUPS.contains(group)) {
                throw new IllegalArgumentException("--skip takes " + String.join(", ", new java.util.TreeSet<>(
                        STAGE_GROUPS)) + ", not '" + group + "'");
            }
        }
        if (!PipelineSpec.DEVICES.contains(device)) {
            throw new IllegalArgumentException("--device must be cpu, gpu or auto, got '" + device + "'");
        }
        if (peerImages < 0) {
            throw new IllegalArgumentException("--peer-images must be 0 or more, got " + peerImages);
        }
        if (BuiltInModel.detector(detector) == null) {
            throw new IllegalArgumentException("--detector must be a built-in detector, ssd or ssd-int8, got '"
                    + detector + "'");
        }
    }

    public boolean runs(String group) {
        return !skip.contains(group);
    }

    /** The detector's model file. */
    public BuiltInModel detectorModel() {
        return BuiltInModel.detector(detector);
    }

    /** The recogniser's model file. */
    public BuiltInModel recogniserModel() {
        return BuiltInModel.recogniser(model);
    }

    private static void positive(String option, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
    }
}
