package io.faceembed.bench;

import io.faceembed.config.PipelineSpec;
import io.faceembed.imaging.DecodeStats;
import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.FacePipeline;
import io.faceembed.inference.FaceRef;
import io.faceembed.inference.FaceSources;
import io.faceembed.inference.onnx.BatchMerger;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.job.PipelineOpener;
import io.faceembed.models.BuiltInModel;
import io.faceembed.models.Precision;
import io.faceembed.models.PipelineFactory;
import io.faceembed.sinks.Sinks;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Runs every stage alone, in a fixed order, and collects the figures into a {@link BenchReport}; prints one line
 * per stage as it goes. Inference stages run outside Spark on the same images; the end-to-end stage is the embed
 * job itself.
 */
public final class BenchRunner {

    private final BenchSettings s;
    private final PrintStream out;

    public BenchRunner(BenchSettings settings, PrintStream out) {
        this.s = settings;
        this.out = out;
    }

    public BenchReport run(SparkSession spark, String commandLine) {
        BenchReport report = new BenchReport(commandLine);
        Path tree = s.folder() != null ? s.folder()
                : BenchTree.build(s.source(), s.work().resolve("tree-" + s.folders()), s.folders());
        report.put("tree", tree.toAbsolutePath().toString());
        List<byte[]> files = readImages(tree, s.images());
        report.put("images", files.size());
        InferenceBench inference = new InferenceBench();
        List<DecodedImage> decoded = inference.decodeAll(files);

        PipelineSpec defaults = PipelineSpec.defaults(s.modelsDir().toAbsolutePath().toString());
        PipelineSpec spec = new PipelineSpec(s.model(), s.detector(), defaults.modelsDir(), s.device(),
                defaults.threads(), defaults.minConfidence(), s.precision(), s.augment());
        Precision precision = Precision.of(s.precision());
        report.put("detector", s.detector());
        report.put("model", s.model());
        report.put("device", s.device());
        report.put("precision", s.precision());
        report.put("augment", s.augment().label());
        report.put("modelBatch", s.modelBatch());
        SessionOptionsFactory sessions = SessionOptionsFactory.forDevice(spec.device(), spec.threads(), 0);
        if (s.runs("stages")) {
            stages(report, inference, files, decoded, precision, sessions);
        }
        if (!s.sweep().isEmpty()) {
            sweep(report, inference, decoded, sessions);
        }
        Rate baseline = null;
        if (s.runs("baseline")) {
            try (FacePipeline seed = PipelineFactory.open(spec, seedSessions())) {
                DecodeCounts decodesBefore = DecodeCounts.of(inference.decodeStats());
                baseline = stage(report, "baseline", "images", inference.oneAtATime(seed, files));
                finerDecodes(report, decodesBefore, DecodeCounts.of(inference.decodeStats()));
            }
        } else {
            report.missing("baselineImagesPerSecond", "--skip baseline");
        }

        Map<String, long[]> mergedBefore = mergerCounts();
        EndToEndBench.Result job;
        try (GpuUtilization gpu = s.device().equals("cpu") ? null : GpuUtilization.start()) {
            job = new EndToEndBench(spark).run(tree, s.work().resolve("store-e2e"), spec, PipelineOpener.MODELS,
                    s.modelBatch(), s.workers(), s.jobImages());
            reportGpu(report, gpu);
        }
        reportMergedBatches(report, mergedBefore);
        report.put("inferenceRanOn", job.ranOn());
        out.printf(Locale.ROOT, "%-18s %s%n", "inference ran on:", job.ranOn());
        Rate endToEnd = stage(report, "endToEnd", "images", job.rate());
        report.put("endToEndFaces", job.report().faces());
        if (baseline != null) {
            report.ratio("endToEndVsBaseline", endToEnd, baseline);
        }
        report.put("seedImagesPerSecond", BenchSettings.SEED_IMAGES_PER_SECOND);
        report.put("endToEndVsSeed", endToEnd.perSecond() / BenchSettings.SEED_IMAGES_PER_SECOND);
        if (s.cpuCeiling()) {
            stage(report, "prepare", "images", inference.prepare(decoded, s.modelBatch(), s.workers()));
            EndToEndBench.Result ceiling = new EndToEndBench(spark).run(tree, s.work().resolve("store-ceiling"),
                    spec, CpuSidePipeline.Opener.INSTANCE, s.modelBatch(), s.workers(), s.jobImages());
            Rate cpuSide = stage(report, "cpuCeiling", "images", ceiling.rate());
            report.ratio("endToEndVsCpuCeiling", endToEnd, cpuSide);
        }
        if (s.runs("listing") || s.runs("planning") || s.runs("sinks")) {
            storesAndPlanning(spark, report, tree);
        }
        peer(report, decoded, endToEnd);
        return report;
    }

    /** Decode, detect, landmarks and embed alone, batched as the job batches them and one at a time. */
    private void stages(BenchReport report, InferenceBench inference, List<byte[]> files,
                        List<DecodedImage> decoded, Precision precision, SessionOptionsFactory sessions) {
        Rate[] decodes = inference.decodeAgainstImageIo(files, s.workers());
        Rate decode = stage(report, "decode", "images", decodes[0]);
        Rate imageIo = stage(report, "decodeImageIo", "images", decodes[1]);
        report.ratio("decodeVsImageIo", decode, imageIo);
        Rate decodeOne = inference.decode(files, 1);
        report.ratio("decodeVsOneThread", decode, decodeOne);
        decodeBreakdown(report, inference.decodeStats());
        int batch = s.modelBatch();
        try (BenchModels jobs = new BenchModels(s.modelsDir(), s.detectorModel(), s.recogniserModel(), precision,
                     sessions);
             BenchModels seeds = new BenchModels(s.modelsDir(), s.detectorModel(), s.recogniserModel(), precision,
                     seedSessions())) {
            Rate detect = stage(report, "detect", "images", inference.detect(jobs, decoded, batch, s.workers()));
            Rate detectOne = stage(report, "detectOneAtATime", "images", inference.detect(seeds, decoded, 1, 1));
            report.ratio("detectVsOneAtATime", detect, detectOne);
            List<FaceRef> faces = inference.faces(jobs, decoded);
            Rate landmarks = stage(report, "landmarks", "faces", inference.landmarks(jobs, faces, batch, s.workers()));
            Rate landmarksOne = stage(report, "landmarksOneAtATime", "faces", inference.landmarks(seeds, faces, 1, 1));
            report.ratio("landmarksVsOneAtATime", landmarks, landmarksOne);
            List<FaceChip> chips = inference.chips(jobs, faces);
            Rate embed = stage(report, "embed", "faces", inference.embed(jobs, chips, batch, s.workers()));
            Rate embedOne = stage(report, "embedOneAtATime", "faces", inference.embed(seeds, chips, 1, 1));
            report.ratio("embedVsOneAtATime", embed, embedOne);
        }
    }

    /**
     * Decode time per image by format and size class, with the decoder and the way it reached the working size
     * (all the job decoder's calls above: warm-up, both timed passes and the one-thread pass), and its declines.
     */
    private void decodeBreakdown(BenchReport report, DecodeStats stats) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DecodeStats.Row r : stats.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("format", r.format());
            row.put("sizeClass", r.sizeClass());
            row.put("decoder", r.decoder());
            row.put("method", r.method());
            row.put("images", r.images());
            row.put("msPerImage", Math.round(r.msPerImage() * 100) / 100.0);
            rows.add(row);
            out.printf(Locale.ROOT, "%-18s %s %s by %s, %s: %d decodes, %.1f ms each%n", "decode by kind:",
                    r.format(), r.sizeClass(), r.decoder(), r.method(), r.images(), r.msPerImage());
        }
        report.put("decodeBreakdown", rows);
        report.put("decodeDeclines", stats.declines());
        stats.declines().forEach((why, n) -> out.printf(Locale.ROOT, "%-18s %d x %s%n", "decode declined:", n, why));
    }

    /** First decodes, finer decodes, and the milliseconds the finer ones took, counted so far. */
    private record DecodeCounts(long first, long finer, double finerMs) {

        static DecodeCounts of(DecodeStats stats) {
            long first = 0;
            long finer = 0;
            double finerMs = 0;
            for (DecodeStats.Row r : stats.rows()) {
                if (r.finer()) {
                    finer += r.images();
                    finerMs += r.totalMs();
                } else {
                    first += r.images();
                }
            }
            return new DecodeCounts(first, finer, finerMs);
        }
    }

    /** How many of the baseline's images its pipeline decoded again, finer, for faces small at the working size. */
    private void finerDecodes(BenchReport report, DecodeCounts before, DecodeCounts after) {
        long images = after.first() - before.first();
        long finer = after.finer() - before.finer();
        double ms = finer == 0 ? 0 : (after.finerMs() - before.finerMs()) / finer;
        out.printf(Locale.ROOT, "%-18s %d of %d images in the baseline (faces under %d pixels at the working size),"
                + " %.1f ms each%n", "finer decodes:", finer, images, FaceSources.SHARP_SIDE, ms);
        report.put("baselineFinerDecodes", finer);
        report.put("baselineFinerDecodeMs", Math.round(ms * 100) / 100.0);
    }

    /** Each network alone at every --sweep batch size, in fp32 and (where its files exist) fp16. */
    private void sweep(BenchReport report, InferenceBench inference, List<DecodedImage> decoded,
                       SessionOptionsFactory sessions) {
        List<FaceChip> crops;
        List<FaceChip> chips;
        try (BenchModels models = new BenchModels(s.modelsDir(), BuiltInModel.SSD_MOBILENET_V1,
                BuiltInModel.FACE_RECOGNITION, Precision.FP32, sessions)) {
            List<FaceRef> faces = inference.faces(models, decoded);
            crops = inference.landmarkCrops(faces);
            chips = inference.chips(models, faces);
        }
        ModelSweep sweep = new ModelSweep(s.modelsDir(), sessions, s.sweep(), decoded, crops, chips);
        List<Map<String, Object>> points = new ArrayList<>();
        for (Precision p : Precision.values()) {
            if (!Files.isRegularFile(s.modelsDir().resolve(BuiltInModel.FACE_RECOGNITION.onnxFile(p)))) {
                out.printf(Locale.ROOT, "sweep %s: no model files (bin/faceembed models install)%n", p);
                continue;
            }
            sweep.run(p, point -> {
                points.add(point.asMap());
                out.printf(Locale.ROOT, "sweep %-10s %-4s batch %4d: %,10.1f items/s (%.2f ms per call, first"
                        + " call %.0f ms)%n", point.network(), point.precision(), point.batch(),
                        point.itemsPerSecond(), point.msPerCall(), point.firstCallMs());
            });
        }
        report.put("sweep", points);
    }

    /** Runs and items of each merging model of this JVM (GPU sessions), by model file. */
    private static Map<String, long[]> mergerCounts() {
        Map<String, long[]> counts = new TreeMap<>();
        for (BatchMerger m : BatchMerger.open()) {
            long[] c = counts.computeIfAbsent(m.name(), k -> new long[2]);
            c[0] += m.runs();
            c[1] += m.items();
        }
        return counts;
    }

    /** The mean batch each network ran in the job, from the merged calls of its session. */
    private void reportMergedBatches(BenchReport report, Map<String, long[]> before) {
        Map<String, Object> mean = new LinkedHashMap<>();
        mergerCounts().forEach((name, c) -> {
            long[] b = before.getOrDefault(name, new long[2]);
            long runs = c[0] - b[0];
            if (runs > 0) {
                double items = (double) (c[1] - b[1]) / runs;
                mean.put(name, Math.round(items * 10) / 10.0);
                out.printf(Locale.ROOT, "%-18s %s: %.1f items per call over %d calls%n", "merged batches:", name,
                        items, runs);
            }
        });
        if (!mean.isEmpty()) {
            report.put("meanMergedBatch", mean);
        }
    }

    /** Listing, planning against a large store, and each sink alone. */
    private void storesAndPlanning(SparkSession spark, BenchReport report, Path tree) {
        SparkBench sparkBench = new SparkBench(spark);
        if (s.runs("listing")) {
            stage(report, "listing", "folders", sparkBench.listing(tree));
        }
        if (s.runs("planning")) {
            Rate plan = sparkBench.planning(s.work().resolve(storeName(s.planKeys())), s.planKeys());
            report.put("planKeys", s.planKeys());
            report.put("planSecondsFor1MKeys", plan.seconds() * 1_000_000.0 / s.planKeys());
            report.put("planLoadAverage", plan.loadAverage());
            line("planning", String.format(Locale.ROOT, "%,d listed against %,d stored keys in %.1f s",
                    s.planKeys(), s.planKeys(), plan.seconds()), plan);
        }
        if (!s.runs("sinks")) {
            return;
        }

        // Each sink writes its rows twice into a fresh table: the first write pays for loading its code (a job's
        // first wave does too, once); the second is the rate every later wave of a long job sees.
        Path deltaTable = s.work().resolve("store-sink");
        stage(report, "deltaFirstWrite", "rows", sparkBench.delta(deltaTable, s.sinkRows()));
        stage(report, "delta", "rows", sparkBench.delta(deltaTable, s.sinkRows()));
        if (s.jdbcUrl() != null) {
            String url = Sinks.withTable(s.jdbcUrl(), "faceembed_bench");
            stage(report, "jdbcFirstWrite", "rows", sparkBench.jdbc(url, s.jdbcProperties(), s.sinkRows()));
            stage(report, "jdbc", "rows", sparkBench.jdbc(url, s.jdbcProperties(), s.sinkRows()));
        } else {
            report.missing("jdbcRowsPerSecond", "no --jdbc URL given");
        }
    }

    /** face-api under Node on the same images, unless --peer-images 0. */
    private void peer(BenchReport report, List<DecodedImage> decoded, Rate endToEnd) {
        PeerBench.Result peer = s.peerImages() == 0 ? new PeerBench.Result(null, "--peer-images 0")
                : new PeerBench(s.parityDir()).run(decoded.subList(0, Math.min(decoded.size(), s.peerImages() + 2)),
                s.work().resolve("peer-input"), 600);
        if (peer.imagesPerSecond() == null) {
            report.missing("peerImagesPerSecond", peer.note());
        } else {
            report.put("peerImagesPerSecond", peer.imagesPerSecond());
            report.put("peerImagesNote", peer.note()); // the key missing() uses
            report.put("endToEndVsPeer", endToEnd.perSecond() / peer.imagesPerSecond());
        }
        out.printf(Locale.ROOT, "peer (face-api): %s%n", peer.imagesPerSecond() == null ? "none: " + peer.note()
                : String.format(Locale.ROOT, "%.2f images/s (%s)", peer.imagesPerSecond(), peer.note()));
    }

    /**
     * The seed's sessions: one caller on the bench's device; on CPU, ONNX Runtime's intra-op pool over all cores
     * (our non-spinning options).
     */
    private SessionOptionsFactory seedSessions() {
        return s.device().equals("cpu") ? SessionOptionsFactory.cpu(Runtime.getRuntime().availableProcessors())
                : SessionOptionsFactory.forDevice(s.device(), 0, 0);
    }

    /** GPU utilisation during the job, from nvidia-smi; on CPU, or without nvidia-smi, why there is none. */
    private void reportGpu(BenchReport report, GpuUtilization gpu) {
        GpuUtilization.Summary g = gpu == null ? null : gpu.summary();
        if (g == null) {
            report.missing("gpuUtilizationPercent", gpu == null ? "--device cpu" : gpu.whyNone());
            return;
        }
        report.put("gpuUtilizationPercent", g.meanPercent());
        report.put("gpuUtilizationMaxPercent", g.maxPercent());
        report.put("gpuMemoryMiB", g.maxMemoryMiB());
        out.printf(Locale.ROOT, "%-18s mean %.0f%%, max %.0f%%, memory %.0f MiB (%d samples)%n", "GPU during job:",
                g.meanPercent(), g.maxPercent(), g.maxMemoryMiB(), g.samples());
    }

    private Rate stage(BenchReport report, String key, String unit, Rate rate) {
        report.rate(key, unit, rate);
        line(key, String.format(Locale.ROOT, "%.2f %s/s", rate.perSecond(), unit), rate);
        return rate;
    }

    private void line(String stage, String figure, Rate rate) {
        out.printf(Locale.ROOT, "%-18s %s (%.0f in %.2f s, CPU %.2f s, load average %.2f)%n", stage + ":", figure,
                rate.count(), rate.seconds(), rate.cpuSeconds(), rate.loadAverage());
    }

    private static String storeName(long keys) {
        return keys % 1_000_000 == 0 ? "store-" + keys / 1_000_000 + "m" : "store-" + keys;
    }

    /** The first {@code n} images of the tree in path order, read into memory. */
    static List<byte[]> readImages(Path tree, int n) {
        try (Stream<Path> walk = Files.walk(tree)) {
            List<Path> paths = walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> p.getFileName().toString().matches("(?i).*\\.(jpe?g|png)"))
                    .sorted().limit(n).toList();
            List<byte[]> files = new ArrayList<>(paths.size());
            for (Path p : paths) {
                files.add(Files.readAllBytes(p));
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException(tree + " holds no .jpg or .png image");
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read images under " + tree + ": " + e.getMessage(), e);
        }
    }
}
