package io.faceembed.audit;

import io.faceembed.audit.AuditFindings.Summary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * The findings as one self-contained HTML page: thumbnails are embedded JPEGs, plots inline SVG, no script and no
 * external resource, so the file can be mailed or archived alone.
 */
public final class AuditHtmlReport {

    public static final String FILE = "audit.html";

    private AuditHtmlReport() {
    }

    /** @param imagesRoot the folder the table's paths are relative to (thumbnails), or null for none */
    public static void write(AuditFindings f, AuditSettings settings, String imagesRoot, Configuration conf, Path file)
            throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(f, settings, new Thumbnails(imagesRoot, conf)), StandardCharsets.UTF_8);
    }

    static String render(AuditFindings f, AuditSettings settings, Thumbnails thumbs) {
        Summary s = f.summary();
        int limit = settings.reportRows();
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>faceembed audit</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}")
                .append("h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd}")
                .append("table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;")
                .append("vertical-align:middle;font-size:13px;text-align:left}th{background:#f3f3f3}")
                .append("img.t{width:64px;height:64px;object-fit:cover;border-radius:3px;margin:1px}")
                .append(".odd{outline:3px solid #c0392b}.num{text-align:right;font-variant-numeric:tabular-nums}")
                .append(".muted{color:#777;font-size:12px}.plots{display:flex;gap:24px;flex-wrap:wrap}")
                .append(".count{display:inline-block;margin-right:18px;font-size:15px}")
                .append("</style></head><body>");
        h.append("<h1>faceembed audit</h1><p class='muted'>pipeline ").append(escape(s.signature())).append("</p>");
        h.append("<p>");
        count(h, "images", s.images());
        count(h, "folders", s.folders());
        count(h, "outliers", f.outliers().size());
        count(h, "split folders", f.splits().size());
        count(h, "duplicate pairs", f.duplicates().size());
        count(h, "close folder pairs", f.closeFolders().size());
        h.append("</p><p class='muted'>").append(String.format(Locale.ROOT, "Each image is represented by its "
                        + "largest face (%d images have several faces). Outlier: cosine distance to the "
                        + "leave-one-out centroid of its folder above %.4f = max(1 &minus; %.3f, median %.4f + "
                        + "%.1f &times; 1.4826 &times; MAD %.4f); folders under %d images are not judged. Split: "
                        + "2-means clusters of at least %d images with centroid similarity below %.3f. Duplicates: "
                        + "similarity above %.4f. Close folders: centroid similarity above %.3f.",
                s.multiFaceImages(), s.outlierThreshold(), s.sameIdentitySimilarity(), s.medianDistance(),
                settings.outlierMadFactor(), s.madDistance(), settings.minOutlierFolderSize(),
                settings.minClusterSize(), s.sameIdentitySimilarity(), s.duplicateSimilarity(),
                s.sameFolderSimilarity())).append("</p>");

        h.append("<div class='plots'><div><h2>Distances to folder centroids</h2>")
                .append(SvgPlots.histogram(f.histogram(), s.outlierThreshold(), 560, 300))
                .append("</div><div><h2>Folder centroids (PCA)</h2>")
                .append(SvgPlots.scatter(f.projection(), 560, 300))
                .append("<div class='muted'>red: folders with a finding</div></div></div>");

        h.append("<h2 id='outliers'>Images unlike their folder (likely another person)</h2>");
        if (f.outliers().isEmpty()) {
            h.append("<p>None.</p>");
        } else {
            h.append("<table><tr><th>image</th><th>folder</th><th>distance</th><th>others in the folder</th>")
                    .append("<th>most like folder</th></tr>");
            for (var o : f.outliers().subList(0, Math.min(limit, f.outliers().size()))) {
                h.append("<tr class='outlier'><td>").append(thumb(thumbs, o.path(), "odd")).append("<br>")
                        .append(escape(o.path())).append("</td><td>").append(escape(o.folder())).append(" (")
                        .append(o.folderSize()).append(")</td><td class='num'>").append(num(o.distance()))
                        .append("</td><td>");
                o.others().forEach(p -> h.append(thumb(thumbs, p, "")));
                h.append("</td><td>").append(o.nearestFolder() == null ? "" : escape(o.nearestFolder()) + " ("
                        + num(o.nearestSimilarity()) + ")").append("</td></tr>");
            }
            h.append("</table>");
            more(h, f.outliers().size(), limit, AuditCsv.OUTLIERS);
        }

        h.append("<h2 id='splits'>Folders that split into two people</h2>");
        if (f.splits().isEmpty()) {
            h.append("<p>None.</p>");
        } else {
            h.append("<table><tr><th>folder</th><th>similarity of the groups</th><th>group A</th><th>group B</th></tr>");
            for (var sp : f.splits().subList(0, Math.min(limit, f.splits().size()))) {
                h.append("<tr class='split'><td>").append(escape(sp.folder())).append("</td><td class='num'>")
                        .append(num(sp.clusterSimilarity())).append("</td><td>");
                sp.clusterA().stream().limit(6).forEach(p -> h.append(thumb(thumbs, p, "")));
                h.append("</td><td>");
                sp.clusterB().stream().limit(6).forEach(p -> h.append(thumb(thumbs, p, "")));
                h.append("</td></tr>");
            }
            h.append("</table>");
            more(h, f.splits().size(), limit, AuditCsv.SPLITS);
        }

        h.append("<h2 id='duplicates'>Near-duplicate images</h2>");
        if (f.duplicates().isEmpty()) {
            h.append("<p>None.</p>");
        } else {
            h.append("<table><tr><th colspan='2'>images</th><th>paths</th><th>similarity</th></tr>");
            for (var d : f.duplicates().subList(0, Math.min(limit, f.duplicates().size()))) {
                h.append("<tr class='duplicate'><td>").append(thumb(thumbs, d.pathA(), "")).append("</td><td>")
                        .append(thumb(thumbs, d.pathB(), "")).append("</td><td>").append(escape(d.pathA()))
                        .append("<br>").append(escape(d.pathB())).append(d.sameFolder() ? "" :
                                " <span class='muted'>(other folder)</span>").append("</td><td class='num'>")
                        .append(num(d.similarity())).append("</td></tr>");
            }
            h.append("</table>");
            more(h, f.duplicates().size(), limit, AuditCsv.DUPLICATES);
        }

        h.append("<h2 id='close-folders'>Folders that may be one person</h2>");
        if (f.closeFolders().isEmpty()) {
            h.append("<p>None.</p>");
        } else {
            h.append("<table><tr><th>folder A</th><th>folder B</th><th>centroid similarity</th></tr>");
            for (var c : f.closeFolders().subList(0, Math.min(limit, f.closeFolders().size()))) {
                h.append("<tr class='close-folders'><td>").append(thumb(thumbs, c.examplePathA(), "")).append(" ")
                        .append(escape(c.folderA())).append(" (").append(c.sizeA()).append(")</td><td>")
                        .append(thumb(thumbs, c.examplePathB(), "")).append(" ").append(escape(c.folderB()))
                        .append(" (").append(c.sizeB()).append(")</td><td class='num'>").append(num(c.similarity()))
                        .append("</td></tr>");
            }
            h.append("</table>");
            more(h, f.closeFolders().size(), limit, AuditCsv.CLOSE_FOLDERS);
        }
        return h.append("</body></html>\n").toString();
    }

    private static void count(StringBuilder h, String what, long n) {
        h.append("<span class='count'><b>").append(String.format(Locale.ROOT, "%,d", n)).append("</b> ").append(what)
                .append("</span>");
    }

    private static void more(StringBuilder h, int total, int shown, String csv) {
        if (total > shown) {
            h.append("<p class='muted'>").append(total - shown).append(" more in ").append(csv).append("</p>");
        }
    }

    private static String thumb(Thumbnails thumbs, String path, String cssClass) {
        return thumbs.dataUri(path).map(uri -> "<img class='t " + cssClass + "' alt='" + escape(path) + "' title='"
                + escape(path) + "' src='" + uri + "'>").orElse("");
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\'' -> out.append("&#39;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** For callers that list what was written. */
    public static List<String> files() {
        return List.of(FILE, AuditCsv.OUTLIERS, AuditCsv.SPLITS, AuditCsv.DUPLICATES, AuditCsv.CLOSE_FOLDERS);
    }
}
