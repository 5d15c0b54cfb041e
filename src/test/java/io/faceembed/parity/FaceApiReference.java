package io.faceembed.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceembed.imaging.DecodedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs face-api itself (parity/reference.js under Node, the wasm backend) on pixels we decoded, so that both
 * implementations see identical input. Installs parity/'s npm dependencies on first use.
 */
final class FaceApiReference {

    private final Path parityDir;
    private final Path workDir;

    FaceApiReference(Path parityDir, Path workDir) {
        this.parityDir = parityDir;
        this.workDir = workDir;
    }

    JsonNode run(List<String> names, List<DecodedImage> images) throws IOException, InterruptedException {
        Path input = workDir.resolve("input");
        Path output = workDir.resolve("output");
        Files.createDirectories(input);
        StringBuilder index = new StringBuilder("[");
        for (int i = 0; i < images.size(); i++) {
            DecodedImage img = images.get(i);
            Files.write(input.resolve(i + ".rgb"), img.rgb());
            index.append(i == 0 ? "" : ",").append(new ObjectMapper().createObjectNode()
                    .put("name", names.get(i)).put("width", img.width()).put("height", img.height())
                    .put("file", i + ".rgb"));
        }
        Files.writeString(input.resolve("index.json"), index.append("]").toString());

        if (!Files.isDirectory(parityDir.resolve("node_modules/@vladmandic/face-api"))) {
            exec(parityDir, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        }
        exec(parityDir, "node", "reference.js", input.toAbsolutePath().toString(), output.toAbsolutePath().toString());
        return new ObjectMapper().readTree(output.resolve("reference.json").toFile()).get("results");
    }

    /** face-api's 150x150 chip of image {@code i} as planar RGB floats (it writes interleaved). */
    float[] chip(int i) throws IOException {
        ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(workDir.resolve("output").resolve(i + ".chip.f32")))
                .order(ByteOrder.LITTLE_ENDIAN);
        int size = 150;
        float[] chw = new float[3 * size * size];
        for (int p = 0; p < size * size; p++) {
            for (int c = 0; c < 3; c++) {
                chw[c * size * size + p] = raw.getFloat();
            }
        }
        return chw;
    }

    private static void exec(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed in " + dir + " (exit " + p.exitValue() + ")");
        }
    }
}
