package io.faceembed.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The driver's one progress line for the whole job: images done/total, images/s, ETA, faces, failed. Rewritten in
 * place on a terminal, printed as a new line otherwise (logs), every {@code interval}; only when something changed.
 * Each printed count is also kept as a {@link JobHtmlReport.Sample} for the HTML report's throughput plot.
 */
public final class ProgressLine implements AutoCloseable {

    private final ProgressSource source;
    private final long total;
    private final PrintStream out;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService timer;
    private final List<JobHtmlReport.Sample> timeline = new ArrayList<>(List.of(new JobHtmlReport.Sample(0, 0)));
    private String last = "";

    public ProgressLine(ProgressSource source, long total, PrintStream out, boolean terminal, Duration interval) {
        this.source = source;
        this.total = total;
        this.out = out;
        this.terminal = terminal;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "faceembed-progress");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        timer.scheduleAtFixedRate(this::print, ms, ms, TimeUnit.MILLISECONDS);
    }

    public static ProgressLine start(ProgressSource source, long total, PrintStream out) {
        return new ProgressLine(source, total, out, System.console() != null, Duration.ofSeconds(3));
    }

    /** The line for the given counts after {@code seconds}. */
    public static String format(long done, long total, long faces, long failed, double seconds) {
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 && done < total ? duration((long) Math.ceil((total - done) / rate)) : "-";
        double pct = total == 0 ? 100.0 : 100.0 * done / total;
        return String.format(Locale.ROOT, "embed: %,d/%,d images (%.1f%%) | %.1f images/s | ETA %s | %,d faces | %,d failed",
                done, total, pct, rate, eta, faces, failed);
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + "m" + String.format(Locale.ROOT, "%02d", seconds % 60) + "s";
        }
        return (seconds / 3600) + "h" + String.format(Locale.ROOT, "%02d", (seconds % 3600) / 60) + "m";
    }

    private synchronized void print() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long images = source.images();
        String line = format(images, total, source.faces(), source.failedImages(), seconds);
        String counts = line.substring(0, line.indexOf('|'));
        if (counts.equals(last.isEmpty() ? "" : last.substring(0, last.indexOf('|')))) {
            return;
        }
        last = line;
        timeline.add(new JobHtmlReport.Sample(seconds, images));
        if (terminal) {
            out.print("\r" + line + "   ");
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** The counts printed so far, and the count now, against seconds since the start. */
    public synchronized List<JobHtmlReport.Sample> timeline() {
        List<JobHtmlReport.Sample> t = new ArrayList<>(timeline);
        t.add(new JobHtmlReport.Sample((System.nanoTime() - startNanos) / 1e9, source.images()));
        return t;
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        if (terminal && !last.isEmpty()) {
            out.println();
        }
    }
}
