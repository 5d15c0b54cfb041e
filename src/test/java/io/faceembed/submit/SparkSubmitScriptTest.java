package io.faceembed.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * submit/spark-submit.sh as a user runs it, against a stand-in {@code spark-submit} that prints its arguments:
 * the RAPIDS plugin and the GPU natives are asked for only when their jar and folder are given, since Spark fails
 * at start when {@code spark.plugins} names a class no jar brings.
 */
class SparkSubmitScriptTest {

    @TempDir
    Path tmp;

    @Test
    void withoutARapidsJarNoPluginIsNamedAnywhere() throws Exception {
        List<String> args = submit(Map.of(), "--folder", "s3a://bucket/faces");
        assertFalse(String.join(" ", args).contains("spark.plugins"), args.toString());
        assertFalse(String.join(" ", args).contains("onnxruntime.native.path"), args.toString());
        assertEquals(List.of("embed", "--device", "auto", "--folder", "s3a://bucket/faces"),
                args.subList(args.size() - 5, args.size()));
        for (String line : Files.readAllLines(Path.of("conf/spark-defaults-gpu.conf"))) {
            assertFalse(line.strip().startsWith("spark.plugins"), "an active spark.plugins line: " + line);
            assertFalse(line.strip().startsWith("spark.executor.extraJavaOptions"),
                    "natives for every cluster: " + line);
        }
    }

    @Test
    void aRapidsJarSwitchesThePluginOnAndNativesGoToTheExecutors() throws Exception {
        List<String> args = submit(Map.of("RAPIDS_JAR", "/opt/rapids-4-spark_2.13-26.08.1.jar",
                "ORT_NATIVES", "/opt/ort-cuda13"), "--folder", "/faces");
        int jars = args.indexOf("--jars");
        assertTrue(jars >= 0 && args.get(jars + 1).equals("/opt/rapids-4-spark_2.13-26.08.1.jar"), args.toString());
        assertTrue(args.contains("spark.plugins=com.nvidia.spark.SQLPlugin"), args.toString());
        assertTrue(args.contains("spark.executor.extraJavaOptions=-Donnxruntime.native.path=/opt/ort-cuda13"),
                args.toString());
    }

    /** The script run from a copy of the project's submit/ and conf/ beside a stand-in cluster jar. */
    private List<String> submit(Map<String, String> env, String... embedArgs) throws IOException, InterruptedException {
        Path root = tmp.resolve("project");
        Files.createDirectories(root.resolve("submit"));
        Files.createDirectories(root.resolve("target"));
        Files.copy(Path.of("submit/spark-submit.sh"), root.resolve("submit/spark-submit.sh"));
        Files.writeString(root.resolve("target/faceembed-0.1.0-cluster.jar"), "stand-in");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path fake = bin.resolve("spark-submit");
        Files.writeString(fake, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> command = new java.util.ArrayList<>(
                List.of("bash", root.resolve("submit/spark-submit.sh").toString()));
        command.addAll(List.of(embedArgs));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.lines().toList();
    }
}
