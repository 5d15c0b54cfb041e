package io.faceembed.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The embed job's report as one self-contained HTML page: the counters of its JSON report, throughput over time
 * (when the JSON has a {@code timeline} array of {@code {"seconds": s, "images": cumulative}} samples, or samples
 * are given), and the failures grouped by reason with the first images of each.
 */
public final class JobHtmlReport {

    /** An image that failed, and why (the {@code reason} column). */
    public record Failure(String path, String reason) {
    }

    /** Images processed (cumulative) after {@code seconds} of the run. */
    public record Sample(double seconds, long images) {
    }

    static final int EXAMPLES_PER_REASON = 5;
    static final int MAX_REASONS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobHtmlReport() {
    }

    /** {@code reportJson}: the job's JSON report (text); the timeline, if any, is read from it. */
    public static void write(String reportJson, List<Failure> failures, Path path) throws IOException {
        write(reportJson, Map.of(), failures, timelineOf(JSON.readTree(reportJson)), path);
    }

    /** {@code details}: more facts about the run (where inference ran, ...), shown under the counts. */
    public static void write(String reportJson, Map<String, String> details, List<Failure> failures,
                             List<Sample> timeline, Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(path, render(JSON.readTree(reportJson), details, failures, timeline), StandardCharsets.UTF_8);
    }

    static List<Sample> timelineOf(JsonNode report) {
        List<Sample> out = new ArrayList<>();
        JsonNode t = report.get("timeline");
        if (t != null && t.isArray()) {
            t.forEach(s -> out.add(new Sample(s.path("seconds").asDouble(), s.path("images").asLong())));
        }
        return out;
    }

    static String render(JsonNode report, Map<String, String> details, List<Failure> failures,
                         List<Sample> timeline) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>faceembed job report</title>")
                .append("<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:4px 8px;font-size:13px;")
                .append("text-align:left}th{background:#f3f3f3}.num{text-align:right}.muted{color:#777;font-size:12px}")
                .append("h2{font-size:18px;border-bottom:1px solid #ddd;margin-top:28px}</style></head><body>")
                .append("<h1>faceembed job report</h1><h2>Counts</h2><table>");
        for (Iterator<Map.Entry<String, JsonNode>> it = report.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isValueNode()) {
                h.append("<tr><th>").append(escape(e.getKey())).append("</th><td class='num'>")
                        .append(escape(format(e.getValue()))).append("</td></tr>");
            }
        }
        new java.util.TreeMap<>(details).forEach((k, v) -> h.append("<tr><th>").append(escape(k))
                .append("</th><td>").append(escape(v)).append("</td></tr>"));
        h.append("</table>");
        h.append("<h2>Throughput</h2>");
        if (timeline.size() < 2) {
            h.append("<p class='muted'>No timeline recorded.</p>");
        } else {
            h.append(throughputSvg(timeline, 720, 260));
        }
        h.append("<h2 id='failures'>Failures (").append(failures.size()).append(")</h2>");
        if (failures.isEmpty()) {
            h.append("<p>None.</p>");
        } else {
            Map<String, List<String>> byReason = new LinkedHashMap<>();
            for (Failure f : failures) {
                byReason.computeIfAbsent(reasonKey(f), k -> new ArrayList<>()).add(f.path());
            }
            List<Map.Entry<String, List<String>>> reasons = new ArrayList<>(byReason.entrySet());
            reasons.sort(Comparator.comparingInt((Map.Entry<String, List<String>> e) -> e.getValue().size()).reversed());
            h.append("<table><tr><th>images</th><th>reason</th><th>for example</th></tr>");
            for (var e : reasons.subList(0, Math.min(MAX_REASONS, reasons.size()))) {
                h.append("<tr class='failure'><td class='num'>").append(e.getValue().size()).append("</td><td>")
                        .append(escape(e.getKey())).append("</td><td>");
                e.getValue().stream().limit(EXAMPLES_PER_REASON).forEach(p -> h.append(escape(p)).append("<br>"));
                h.append("</td></tr>");
            }
            h.append("</table>");
            if (reasons.size() > MAX_REASONS) {
                h.append("<p class='muted'>").append(reasons.size() - MAX_REASONS).append(" more reasons</p>");
            }
        }
        return h.append("</body></html>\n").toString();
    }

    /** The reason without the image's own path, so that one cause on many images is one row. */
    static String reasonKey(Failure f) {
        String r = f.reason() == null || f.reason().isBlank() ? "(no reason recorded)" : f.reason();
        if (f.path() != null && !f.path().isEmpty()) {
            r = r.replace(f.path(), "<image>");
        }
        return r.strip();
    }

    /** Images per second between consecutive samples, as a line over run time. */
    static String throughputSvg(List<Sample> t, int width, int height) {
        int left = 50;
        int bottom = 30;
        int plotW = width - left - 10;
        int plotH = height - bottom - 10;
        double maxT = t.get(t.size() - 1).seconds();
        List<double[]> rate = new ArrayList<>();
        for (int i = 1; i < t.size(); i++) {
            double dt = t.get(i).seconds() - t.get(i - 1).seconds();
            if (dt > 0) {
                rate.add(new double[] {t.get(i).seconds(), (t.get(i).images() - t.get(i - 1).images()) / dt});
            }
        }
        double maxR = rate.stream().mapToDouble(r -> r[1]).max().orElse(1);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg width='%d' height='%d' role='img' aria-label='throughput'>", width, height));
        s.append(String.format(Locale.ROOT, "<line x1='%d' y1='10' x2='%d' y2='%d' stroke='#333'/>"
                + "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#333'/>", left, left, 10 + plotH, left, 10 + plotH,
                left + plotW, 10 + plotH));
        StringBuilder points = new StringBuilder();
        for (double[] r : rate) {
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + r[0] / Math.max(maxT, 1e-9) * plotW,
                    10 + plotH - r[1] / Math.max(maxR, 1e-9) * plotH));
        }
        s.append("<polyline fill='none' stroke='#4a78b5' stroke-width='2' points='").append(points).append("'/>");
        s.append(String.format(Locale.ROOT, "<text x='%d' y='18' font-size='10' text-anchor='end'>%.1f</text>"
                        + "<text x='%d' y='%d' font-size='10' text-anchor='end'>%.0f s</text>"
                        + "<text x='%d' y='%d' font-size='11' text-anchor='middle'>images per second over the run</text>",
                left - 4, maxR, left + plotW, height - 14, maxT, left + plotW / 2, height - 1));
        return s.append("</svg>").toString();
    }

    private static String format(JsonNode v) {
        if (v.isIntegralNumber()) {
            return String.format(Locale.ROOT, "%,d", v.asLong());
        }
        if (v.isNumber()) {
            return String.format(Locale.ROOT, "%,.2f", v.asDouble());
        }
        return v.asText();
    }

    static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("'", "&#39;").replace("\"", "&quot;");
    }
}
