package io.faceembed.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.faceembed.imaging.DecodedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * face-api itself under Node ({@code parity/bench.js}, wasm backend) on the same decoded pixels: detect + landmarks
 * + descriptor, one image at a time. Empty, with the reason, where Node or the parity packages are missing.
 */
public final class PeerBench {

    /** The peer's figure, or why there is none. */
    public record Result(Double imagesPerSecond, String note) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path parityDir;

    public PeerBench(Path parityDir) {
        this.parityDir = parityDir;
    }

    public Result run(List<DecodedImage> images, Path workDir, long timeoutSeconds) {
        Path script = parityDir.resolve("bench.js");
        if (!Files.isRegularFile(script)) {
            return new Result(null, "no " + script);
        }
        if (!Files.isDirectory(parityDir.resolve("node_modules/@vladmandic/face-api"))) {
            return new Result(null, "face-api is not installed: run 'npm ci' in " + parityDir);
        }
        try {
            writeInputs(images, workDir);
            Process p = new ProcessBuilder("node", script.toAbsolutePath().toString(), workDir.toString())
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(null, "face-api bench took longer than " + timeoutSeconds + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8).strip();
            Optional<String> last = text.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b);
            if (p.exitValue() != 0 || last.isEmpty()) {
                return new Result(null, "face-api bench failed (exit " + p.exitValue() + "): " + lastLine(text));
            }
            JsonNode r = JSON.readTree(last.get());
            return new Result(r.get("imagesPerSecond").asDouble(), "face-api 1.7.15 under Node "
                    + version() + ", backend " + r.get("backend").asText() + ", " + r.get("images").asInt()
                    + " images one at a time, decode not timed");
        } catch (IOException e) {
            return new Result(null, "cannot run node: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "interrupted");
        }
    }

    private static void writeInputs(List<DecodedImage> images, Path dir) throws IOException {
        Files.createDirectories(dir);
        ArrayNode index = JSON.createArrayNode();
        for (int i = 0; i < images.size(); i++) {
            DecodedImage img = images.get(i);
            String file = i + ".rgb";
            Files.write(dir.resolve(file), img.rgb());
            index.addObject().put("name", "image " + i).put("width", img.width()).put("height", img.height())
                    .put("file", file);
        }
        JSON.writeValue(dir.resolve("index.json").toFile(), index);
    }

    private static String version() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(10, TimeUnit.SECONDS);
            return v;
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }
}
