package io.faceembed.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's chromium in headless mode, to look at an HTML report as a browser renders it. Missing chromium skips
 * the calling test, except on CI ({@code CI=true}) where scripts/install-deps.sh installs it.
 */
final class HeadlessChromium {

    private final Path binary;
    private final Path profile;

    private HeadlessChromium(Path binary, Path profile) {
        this.binary = binary;
        this.profile = profile;
    }

    static HeadlessChromium find(Path profile) {
        for (String candidate : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return new HeadlessChromium(Path.of(candidate), profile);
            }
        }
        String message = "chromium not found: apt-get install -y chromium (scripts/install-deps.sh)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(message);
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** The DOM after the page has loaded. */
    String dumpDom(Path html) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", html.toUri().toString()));
    }

    void screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars", html.toUri().toString()));
        if (!Files.isRegularFile(png) || Files.size(png) == 0) {
            throw new AssertionError("chromium wrote no screenshot to " + png);
        }
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--user-data-dir=" + profile.toAbsolutePath()));
        cmd.addAll(args);
        Path out = Files.createTempFile("chromium-out", ".txt");
        Path err = Files.createTempFile("chromium-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish in 120 s: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("chromium exited " + p.exitValue() + ": " + Files.readString(err));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
