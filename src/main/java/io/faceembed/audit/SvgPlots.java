package io.faceembed.audit;

import io.faceembed.audit.AuditFindings.Histogram;
import io.faceembed.audit.AuditFindings.ProjectedFolder;
import java.util.List;
import java.util.Locale;

/** Inline SVG plots for the HTML report: no script, no external file. */
final class SvgPlots {

    private SvgPlots() {
    }

    /** Bars of the histogram with the outlier threshold as a red line. */
    static String histogram(Histogram h, double threshold, int width, int height) {
        int left = 50;
        int bottom = 30;
        int plotW = width - left - 10;
        int plotH = height - bottom - 10;
        long[] counts = h.counts();
        double maxX = Math.max(counts.length * h.width(), threshold * 1.15);
        long maxCount = 1;
        for (long c : counts) {
            maxCount = Math.max(maxCount, c);
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg width='%d' height='%d' "
                + "class='plot' role='img' aria-label='histogram of distances'>", width, height));
        s.append(axes(left, 10, plotW, plotH));
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            double x = left + i * h.width() / maxX * plotW;
            double w = Math.max(1, h.width() / maxX * plotW - 1);
            double bh = (double) counts[i] / maxCount * plotH;
            s.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='#4a78b5'>"
                    + "<title>%.3f-%.3f: %d</title></rect>", x, 10 + plotH - bh, w, bh, i * h.width(),
                    (i + 1) * h.width(), counts[i]));
        }
        double tx = left + threshold / maxX * plotW;
        s.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='10' x2='%.1f' y2='%d' stroke='#c0392b' "
                + "stroke-width='2' stroke-dasharray='5,3'/><text x='%.1f' y='22' fill='#c0392b' font-size='11'>"
                + "outlier threshold %.3f</text>", tx, tx, 10 + plotH, tx + 4, threshold));
        for (int t = 0; t <= 5; t++) {
            double v = maxX * t / 5;
            double x = left + plotW * t / 5.0;
            String anchor = t == 0 ? "start" : t == 5 ? "end" : "middle";
            s.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='10' text-anchor='%s'>%.3f</text>",
                    x, height - 14, anchor, v));
        }
        s.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='10' text-anchor='end'>%d</text>",
                left - 4, 18, maxCount));
        s.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' text-anchor='middle'>"
                + "cosine distance to the folder's other images (leave-one-out centroid)</text>",
                left + plotW / 2, height - 1));
        return s.append("</svg>").toString();
    }

    /** Folder centroids on their two main axes; flagged folders red and labelled. */
    static String scatter(List<ProjectedFolder> points, int width, int height) {
        int pad = 20;
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (ProjectedFolder p : points) {
            minX = Math.min(minX, p.x());
            maxX = Math.max(maxX, p.x());
            minY = Math.min(minY, p.y());
            maxY = Math.max(maxY, p.y());
        }
        double spanX = Math.max(1e-9, maxX - minX);
        double spanY = Math.max(1e-9, maxY - minY);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg width='%d' height='%d' "
                + "class='plot' role='img' aria-label='PCA of folder centroids'>", width, height));
        s.append(String.format(Locale.ROOT, "<rect x='0' y='0' width='%d' height='%d' fill='#fafafa' "
                + "stroke='#ccc'/>", width, height));
        StringBuilder flagged = new StringBuilder();
        List<double[]> labels = new java.util.ArrayList<>();
        for (ProjectedFolder p : points) {
            double x = pad + (p.x() - minX) / spanX * (width - 2 * pad);
            double y = height - pad - (p.y() - minY) / spanY * (height - 2 * pad);
            if (p.flagged()) {
                boolean rightHalf = x > width / 2.0;
                double labelY = y - 5;
                while (taken(labels, x, labelY)) { // coinciding folders (copies): stack their labels
                    labelY += 12;
                }
                labels.add(new double[] {x, labelY});
                flagged.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='5' fill='#c0392b'>"
                        + "<title>%s</title></circle><text x='%.1f' y='%.1f' font-size='10' fill='#c0392b' "
                        + "text-anchor='%s'>%s</text>", x, y, AuditHtmlReport.escape(p.folder()),
                        rightHalf ? x - 7 : x + 7, labelY, rightHalf ? "end" : "start",
                        AuditHtmlReport.escape(p.folder())));
            } else {
                s.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3.5' fill='#7f8c8d' "
                        + "fill-opacity='0.7'><title>%s</title></circle>", x, y, AuditHtmlReport.escape(p.folder())));
            }
        }
        return s.append(flagged).append("</svg>").toString();
    }

    private static boolean taken(List<double[]> labels, double x, double y) {
        for (double[] l : labels) {
            if (Math.abs(l[0] - x) < 80 && Math.abs(l[1] - y) < 11) {
                return true;
            }
        }
        return false;
    }

    private static String axes(int left, int top, int w, int h) {
        return String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#333'/>"
                + "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#333'/>", left, top, left, top + h, left, top + h,
                left + w, top + h);
    }
}
