package io.faceembed.eval;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.imaging.ImageDecodeException;
import io.faceembed.inference.Face;
import io.faceembed.inference.FacePipeline;
import io.faceembed.inference.ImageOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Embeds every distinct image of a pairs file once, in batches, takes each image's central face
 * ({@link CentralFace}), scores each pair by the cosine similarity of its two embeddings and measures verification
 * accuracy with {@link VerificationMetrics}. An image without embedding (no face, missing file, undecodable) makes
 * its pairs errors; they are listed, never dropped.
 */
public final class EmbeddingEvaluator {

    private static final io.faceembed.imaging.ImageDecoder DECODER = new io.faceembed.imaging.ImageDecoder();

    static final int PROGRESS_EVERY = 100;

    private final FacePipeline pipeline;
    private final int batchSize;
    private final Consumer<String> progress;

    /** {@code progress} receives a line about every {@value #PROGRESS_EVERY} images; null for none. */
    public EmbeddingEvaluator(FacePipeline pipeline, int batchSize, Consumer<String> progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.pipeline = pipeline;
        this.batchSize = batchSize;
        this.progress = progress;
    }

    /** @param imagesDir the folder the pairs' images are under; only used to print paths relative to it */
    public EvalResult evaluate(PairsFile pairsFile, Path imagesDir) {
        long start = System.nanoTime();
        List<Path> images = new ArrayList<>(new LinkedHashSet<>(pairsFile.pairs().stream()
                .flatMap(p -> java.util.stream.Stream.of(p.left(), p.right())).toList()));
        Map<Path, Embedded> embedded = embedAll(images, imagesDir, start);

        List<PairsFile.Pair> pairs = pairsFile.pairs();
        double[] similarity = new double[pairs.size()];
        boolean[] same = new boolean[pairs.size()];
        int[] fold = new int[pairs.size()];
        List<EvalResult.NoFacePair> noFace = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            PairsFile.Pair p = pairs.get(i);
            float[] a = embedded.get(p.left()).embedding();
            float[] b = embedded.get(p.right()).embedding();
            same[i] = p.same();
            fold[i] = p.fold();
            similarity[i] = a == null || b == null ? Double.NaN : cosine(a, b);
            if (a == null || b == null) {
                List<String> missing = new ArrayList<>(2);
                if (a == null) {
                    missing.add("left");
                }
                if (b == null) {
                    missing.add("right");
                }
                noFace.add(new EvalResult.NoFacePair(p.line(), p.label(), display(p.left(), imagesDir),
                        display(p.right(), imagesDir), p.same(), p.fold(), missing));
            }
        }
        VerificationMetrics.Summary metrics = VerificationMetrics.evaluate(similarity, same, fold, pairsFile.folds());
        List<EvalResult.MissingImage> missingImages = images.stream().map(embedded::get)
                .filter(e -> e.embedding() == null)
                .map(e -> new EvalResult.MissingImage(e.display(), e.status(), e.reason())).toList();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EvalResult(pairsFile.source().toString(), imagesDir == null ? null : imagesDir.toString(),
                pipeline.signature().model(), pipeline.signature().detector(), pipeline.signature().id(),
                pairsFile.foldsFromFile(), metrics, pairs.size(), (int) pairsFile.sameCount(), images.size(),
                missingImages, noFace, seconds);
    }

    /** Cosine similarity; equal to the dot product for the L2-normalised embeddings a pipeline returns. */
    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalStateException("embeddings of different sizes: " + a.length + " and " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** One image's embedding, or why it has none. */
    private record Embedded(String display, float[] embedding, String status, String reason) {
    }

    private Map<Path, Embedded> embedAll(List<Path> images, Path imagesDir, long start) {
        Map<Path, Embedded> out = new HashMap<>(images.size() * 2);
        int withoutFace = 0;
        int nextReport = PROGRESS_EVERY;
        for (int from = 0; from < images.size(); from += batchSize) {
            List<Path> batch = images.subList(from, Math.min(images.size(), from + batchSize));
            for (Map.Entry<Path, Embedded> e : embedBatch(batch, imagesDir).entrySet()) {
                out.put(e.getKey(), e.getValue());
                withoutFace += e.getValue().embedding() == null ? 1 : 0;
            }
            int done = from + batch.size();
            if (progress != null && (done >= nextReport || done == images.size())) {
                double s = (System.nanoTime() - start) / 1e9;
                progress.accept(String.format(Locale.ROOT, "eval: %d/%d images embedded, %d without a face, %.1f images/s",
                        done, images.size(), withoutFace, done / Math.max(s, 1e-9)));
                nextReport = (done / PROGRESS_EVERY + 1) * PROGRESS_EVERY;
            }
        }
        return out;
    }

    private Map<Path, Embedded> embedBatch(List<Path> batch, Path imagesDir) {
        Map<Path, Embedded> out = new HashMap<>();
        List<Path> decodedPaths = new ArrayList<>(batch.size());
        List<DecodedImage> decoded = new ArrayList<>(batch.size());
        List<Loaded> loaded = batch.parallelStream().map(EmbeddingEvaluator::load).toList();
        for (int i = 0; i < batch.size(); i++) {
            Path path = batch.get(i);
            Loaded l = loaded.get(i);
            if (l.image() != null) {
                decodedPaths.add(path);
                decoded.add(l.image());
            } else {
                out.put(path, new Embedded(display(path, imagesDir), null, "failed", l.failure()));
            }
        }
        List<ImageOutcome> outcomes = process(decoded, decodedPaths);
        for (int i = 0; i < decoded.size(); i++) {
            Path path = decodedPaths.get(i);
            out.put(path, embedded(display(path, imagesDir), decoded.get(i), outcomes.get(i)));
        }
        return out;
    }

    /** The batch's outcomes; when the batch as a whole fails, each image alone, so one bad image fails only itself. */
    private List<ImageOutcome> process(List<DecodedImage> decoded, List<Path> paths) {
        if (decoded.isEmpty()) {
            return List.of();
        }
        try {
            return checked(pipeline.process(decoded), decoded.size());
        } catch (RuntimeException batchFailure) {
            if (decoded.size() == 1) {
                return List.of(ImageOutcome.failed(paths.get(0).getFileName() + ": " + batchFailure.getMessage()));
            }
            List<ImageOutcome> one = new ArrayList<>(decoded.size());
            for (int i = 0; i < decoded.size(); i++) {
                one.add(process(List.of(decoded.get(i)), List.of(paths.get(i))).get(0));
            }
            return one;
        }
    }

    private static List<ImageOutcome> checked(List<ImageOutcome> outcomes, int expected) {
        if (outcomes.size() != expected) {
            throw new IllegalStateException("pipeline returned " + outcomes.size() + " outcomes for " + expected + " images");
        }
        return outcomes;
    }

    private static Embedded embedded(String display, DecodedImage image, ImageOutcome outcome) {
        if (outcome.status() == ImageOutcome.Status.FAILED) {
            return new Embedded(display, null, "failed", outcome.reason());
        }
        Optional<Face> face = CentralFace.pick(outcome.faces(), (int) Math.round(image.width() * image.scale()),
                (int) Math.round(image.height() * image.scale()));
        return face.map(f -> new Embedded(display, f.embedding(), "ok", null))
                .orElseGet(() -> new Embedded(display, null, "no_face", null));
    }

    /** A decoded image, or why the file gave none. */
    private record Loaded(DecodedImage image, String failure) {
    }

    private static Loaded load(Path path) {
        try {
            return new Loaded(DECODER.decode(Files.readAllBytes(path), path.toString()), null);
        } catch (NoSuchFileException e) {
            return new Loaded(null, "file not found: " + path);
        } catch (IOException e) {
            return new Loaded(null, "cannot read " + path + ": " + e.getMessage());
        } catch (ImageDecodeException e) {
            return new Loaded(null, e.getMessage());
        }
    }

    private static String display(Path path, Path imagesDir) {
        if (imagesDir != null) {
            Path base = imagesDir.toAbsolutePath().normalize();
            Path p = path.toAbsolutePath().normalize();
            if (p.startsWith(base)) {
                return base.relativize(p).toString();
            }
        }
        return path.toString();
    }
}
