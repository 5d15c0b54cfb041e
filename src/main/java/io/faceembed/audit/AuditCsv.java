package io.faceembed.audit;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The findings as CSV files, one per kind, RFC 4180 quoting, UTF-8. */
public final class AuditCsv {

    public static final String OUTLIERS = "outliers.csv";
    public static final String SPLITS = "split_folders.csv";
    public static final String DUPLICATES = "duplicate_images.csv";
    public static final String CLOSE_FOLDERS = "close_folders.csv";

    private AuditCsv() {
    }

    public static void write(AuditFindings f, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Writer w = open(dir.resolve(OUTLIERS))) {
            line(w, "folder", "path", "distance", "threshold", "folder_size", "nearest_other_folder",
                    "nearest_similarity");
            for (var o : f.outliers()) {
                line(w, o.folder(), o.path(), num(o.distance()), num(f.summary().outlierThreshold()),
                        String.valueOf(o.folderSize()), o.nearestFolder(), num(o.nearestSimilarity()));
            }
        }
        try (Writer w = open(dir.resolve(SPLITS))) {
            line(w, "folder", "size", "cluster_similarity", "cluster_a", "cluster_b");
            for (var s : f.splits()) {
                line(w, s.folder(), String.valueOf(s.size()), num(s.clusterSimilarity()),
                        String.join(";", s.clusterA()), String.join(";", s.clusterB()));
            }
        }
        try (Writer w = open(dir.resolve(DUPLICATES))) {
            line(w, "path_a", "path_b", "folder_a", "folder_b", "similarity", "same_folder");
            for (var d : f.duplicates()) {
                line(w, d.pathA(), d.pathB(), d.folderA(), d.folderB(), num(d.similarity()),
                        String.valueOf(d.sameFolder()));
            }
        }
        try (Writer w = open(dir.resolve(CLOSE_FOLDERS))) {
            line(w, "folder_a", "folder_b", "size_a", "size_b", "centroid_similarity");
            for (var c : f.closeFolders()) {
                line(w, c.folderA(), c.folderB(), String.valueOf(c.sizeA()), String.valueOf(c.sizeB()),
                        num(c.similarity()));
            }
        }
    }

    private static Writer open(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    static void line(Writer w, String... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(quote(fields[i]));
        }
        w.write("\r\n");
    }

    static String quote(String s) {
        if (s == null) {
            return "";
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
