package io.faceembed.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceembed.cli.BenchCommand;
import io.faceembed.testing.PostgresServer;
import io.faceembed.testing.TestPaths;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The bench on a tiny tree, CPU ceiling included: every figure is there and positive (no timing is asserted:
 * machines differ).
 */
class BenchCommandTest {

    private static final List<String> FIGURES = List.of("endToEndImagesPerSecond", "baselineImagesPerSecond",
            "planSecondsFor1MKeys", "listingFoldersPerSecond", "decodeImagesPerSecond", "detectImagesPerSecond",
            "landmarksFacesPerSecond", "embedFacesPerSecond", "deltaRowsPerSecond", "deltaFirstWriteRowsPerSecond",
            "jdbcRowsPerSecond", "jdbcFirstWriteRowsPerSecond", "seedImagesPerSecond",
            "endToEndVsBaseline", "endToEndVsSeed", "detectVsOneAtATime", "landmarksVsOneAtATime",
            "embedVsOneAtATime", "prepareImagesPerSecond", "cpuCeilingImagesPerSecond", "endToEndVsCpuCeiling");

    @TempDir
    Path work;

    @Test
    void benchOnATinyTreeReportsEveryFigureAsAPositiveNumber() throws Exception {
        PostgresServer server = PostgresServer.shared();
        String url = server.createDatabase("bench_test", false) + "?user=" + server.superuser();
        Path password = work.resolve("store.properties");
        Files.writeString(password, "password=" + server.password() + "\n");
        Path report = work.resolve("report.json");
        StringWriter out = new StringWriter();
        // a tiny run: Spark's 200 default shuffle partitions would be most of its time
        String shufflePartitions = System.setProperty("spark.sql.shuffle.partitions", "4");
        int exit;
        try {
            exit = new CommandLine(new BenchCommand()).setOut(new PrintWriter(out)).execute(
                    "--folders", "20", "--images", "12", "--source", TestPaths.faces().resolve("lfw-dev/images").toString(),
                    "--work-dir", work.resolve("bench").toString(), "--report", report.toString(),
                    "--models-dir", TestPaths.models().toString(), "--workers", "2", "--plan-keys", "2000",
                    "--rows", "500", "--peer-images", "2", "--jdbc", url, "--store-properties", password.toString(),
                    "--cpu-ceiling");
        } finally {
            if (shufflePartitions == null) {
                System.clearProperty("spark.sql.shuffle.partitions");
            } else {
                System.setProperty("spark.sql.shuffle.partitions", shufflePartitions);
            }
        }

        System.out.print(out);
        assertEquals(0, exit, out.toString());
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        for (String key : FIGURES) {
            assertTrue(json.hasNonNull(key), key + " missing in " + json);
            assertTrue(json.get(key).asDouble() > 0, key + " = " + json.get(key));
        }
        if (Files.isDirectory(Path.of("parity/node_modules/@vladmandic/face-api"))) {
            assertTrue(json.get("peerImagesPerSecond").asDouble() > 0, "peer: " + json.get("peerImagesNote"));
        } else {
            assertNotNull(json.get("peerImagesNote"), "a missing peer figure says why");
        }
        JsonNode machine = json.get("machine");
        assertTrue(machine.get("cores").asInt() > 0);
        assertTrue(machine.get("memoryBytes").asLong() > 0);
        assertNotNull(machine.get("cpuModel").asText(null));
        assertTrue(json.get("commandLine").asText().startsWith("faceembed bench --folders 20"));
        assertEquals("ssd", json.get("detector").asText());
        assertEquals("cpu", json.get("device").asText());
        assertEquals("CPU", json.get("inferenceRanOn").asText(), "the job's tasks say where they ran");
        assertEquals("--device cpu", json.get("gpuUtilizationPercentNote").asText());
        assertEquals(BenchTree.imageCount(20), countImages(work.resolve("bench/tree-20")));
    }

    @Test
    void folderAndFoldersTogetherIsAOneLineUsageError() {
        String message = usageError("--folder", work.toString(), "--folders", "3");
        assertTrue(message.startsWith("faceembed bench: --folder and --folders"), message);
    }

    @Test
    void aDetectorThatIsNotBuiltInIsAOneLineUsageError() {
        String message = usageError("--detector", "retinaface");
        assertTrue(message.startsWith("faceembed bench: --detector must be a built-in detector, ssd or ssd-int8"),
                message);
    }

    @Test
    void aRecogniserThatIsNotBuiltInIsAOneLineUsageError() {
        String message = usageError("--model", "ArcFace");
        assertTrue(message.startsWith("faceembed bench: --model must be a built-in recogniser, Dlib or Dlib-int8"),
                message);
        message = usageError("--model", "Dlib-int8", "--precision", "fp16");
        assertTrue(message.contains("Dlib-int8 is 8-bit (--model Dlib)"), message);
    }

    @Test
    void anUnknownDeviceIsAOneLineUsageError() {
        String message = usageError("--device", "tpu");
        assertTrue(message.startsWith("faceembed bench: --device must be cpu, gpu or auto"), message);
    }

    /** What the bench prints on stderr for {@code args}, checked to be one line with exit code 2. */
    private static String usageError(String... args) {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        int exit;
        try {
            exit = new CommandLine(new BenchCommand()).setErr(new PrintWriter(new StringWriter())).execute(args);
        } finally {
            System.setErr(saved);
        }
        String message = captured.toString().strip();
        assertEquals(2, exit, message);
        assertEquals(1, message.lines().count(), message);
        return message;
    }

    private static long countImages(Path tree) throws Exception {
        try (Stream<Path> s = Files.walk(tree)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
