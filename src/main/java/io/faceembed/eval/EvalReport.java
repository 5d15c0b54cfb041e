package io.faceembed.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Prints an {@link EvalResult} for people and writes it as JSON; NaN (e.g. AUC with one class) is written as null. */
public final class EvalReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvalReport() {
    }

    /** The JSON report's content, keys in a stable order. */
    public static Map<String, Object> toMap(EvalResult r) {
        VerificationMetrics.Summary m = r.metrics();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accuracy", number(m.accuracy()));
        out.put("std", number(m.std()));
        out.put("auc", number(m.auc()));
        out.put("threshold", number(m.threshold()));
        out.put("folds", m.folds().stream().map(f -> {
            Map<String, Object> fold = new LinkedHashMap<>();
            fold.put("fold", f.fold() + 1);
            fold.put("pairs", f.pairs());
            fold.put("correct", f.correct());
            fold.put("accuracy", number(f.accuracy()));
            fold.put("threshold", number(f.threshold()));
            return fold;
        }).toList());
        out.put("foldsFrom", r.foldsFromFile() ? "file" : "round-robin per class, in file order");
        out.put("pairs", r.pairs());
        out.put("samePairs", r.samePairs());
        out.put("differentPairs", r.pairs() - r.samePairs());
        out.put("images", r.images());
        out.put("noFacePairs", r.noFacePairs().stream().map(p -> {
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("line", p.line());
            pair.put("pair", p.label());
            pair.put("left", p.left());
            pair.put("right", p.right());
            pair.put("same", p.same());
            pair.put("fold", p.fold() + 1);
            pair.put("missing", p.missing());
            return pair;
        }).toList());
        out.put("imagesWithoutFace", r.imagesWithoutFace().stream().map(i -> {
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("path", i.path());
            image.put("status", i.status());
            if (i.reason() != null) {
                image.put("reason", i.reason());
            }
            return image;
        }).toList());
        out.put("similarity", "cosine of L2-normalised embeddings; same person when above the threshold");
        out.put("model", r.model());
        out.put("detector", r.detector());
        out.put("signature", r.signature());
        out.put("pairsFile", r.pairsFile());
        out.put("imagesDir", r.imagesDir());
        out.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        return out;
    }

    public static void writeJson(EvalResult r, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), toMap(r));
    }

    public static void print(EvalResult r, PrintWriter out) {
        VerificationMetrics.Summary m = r.metrics();
        out.printf(Locale.ROOT, "pairs: %d (%d same, %d different) in %d folds%s; %d images; model %s, detector %s%n",
                r.pairs(), r.samePairs(), r.pairs() - r.samePairs(), m.folds().size(),
                r.foldsFromFile() ? "" : " (dealt round-robin per class)", r.images(), r.model(), r.detector());
        for (VerificationMetrics.Fold f : m.folds()) {
            out.printf(Locale.ROOT, "  fold %2d: accuracy %.4f (%d/%d), threshold %.4f%n",
                    f.fold() + 1, f.accuracy(), f.correct(), f.pairs(), f.threshold());
        }
        out.printf(Locale.ROOT, "accuracy: %.4f +- %.4f (mean +- std over %d folds)%n", m.accuracy(), m.std(),
                m.folds().size());
        out.printf(Locale.ROOT, "ROC AUC: %.4f%n", m.auc());
        out.printf(Locale.ROOT, "threshold: %.4f (cosine similarity, mean over folds)%n", m.threshold());
        out.printf(Locale.ROOT, "pairs with no face: %d of %d (counted as errors); images without a face: %d%n",
                r.noFacePairs().size(), r.pairs(), r.imagesWithoutFace().size());
        for (EvalResult.NoFacePair p : r.noFacePairs()) {
            out.printf(Locale.ROOT, "  line %d: %s (%s) - no face in %s%n", p.line(), p.label(),
                    p.same() ? "same" : "different", String.join(" and ", p.missing()));
        }
        for (EvalResult.MissingImage i : r.imagesWithoutFace()) {
            if (i.reason() != null) {
                out.printf(Locale.ROOT, "  %s: %s%n", i.path(), i.reason());
            }
        }
        out.printf(Locale.ROOT, "time: %.1f s%n", r.seconds());
        out.flush();
    }

    private static Object number(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
