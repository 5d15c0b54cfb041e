package io.faceembed.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bench's figures as one JSON object: for each stage {@code <stage>PerSecond} (e.g.
 * {@code decodeImagesPerSecond}) with its seconds, CPU seconds and load average, ratios, the machine and the
 * command line. A figure that could not be measured is {@code null} with a {@code ...Note} saying why.
 */
public final class BenchReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, Object> stages = new LinkedHashMap<>();

    public BenchReport(String commandLine) {
        values.put("date", OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString());
        values.put("commandLine", commandLine);
        values.put("machine", machine());
    }

    void put(String key, Object value) {
        values.put(key, value);
    }

    /** {@code <stage><Unit>PerSecond} and the stage's details. */
    void rate(String stage, String unit, Rate rate) {
        values.put(stage + capitalised(unit) + "PerSecond", round(rate.perSecond()));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("count", rate.count());
        detail.put("seconds", round(rate.seconds()));
        detail.put("cpuSeconds", round(rate.cpuSeconds()));
        detail.put("perCpuSecond", round(rate.perCpuSecond()));
        detail.put("loadAverage", round(rate.loadAverage()));
        stages.put(stage, detail);
    }

    void ratio(String key, Rate a, Rate b) {
        values.put(key, b.perSecond() > 0 ? round(a.perSecond() / b.perSecond()) : null);
    }

    void missing(String key, String why) {
        values.put(key, null);
        values.put(key.replace("PerSecond", "") + "Note", why);
    }

    public Map<String, Object> asMap() {
        Map<String, Object> all = new LinkedHashMap<>(values);
        all.put("stages", stages);
        return all;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(asMap());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson() + "\n");
    }

    private static Map<String, Object> machine() {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpuModel", cpuModel());
        m.put("memoryBytes", os.getTotalMemorySize());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.version"));
        m.put("loadAverageAtStart", round(os.getSystemLoadAverage()));
        m.put("gpus", GpuUtilization.describeGpus());
        m.put("onnxRuntimeNatives", io.faceembed.inference.onnx.OrtNatives.describe());
        return m;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
