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

    @Test
    void theDatabasePasswordReachesTheExecutorsInAPrivateFileNeverOnTheCommandLine() throws Exception {
        List<String> out = run(Map.of("FACEEMBED_JDBC_PASSWORD", "s3cr\\et"), "--folder", "/faces");
        List<String> args = out.stream().filter(l -> !l.startsWith("PROPS")).toList();
        assertFalse(String.join(" ", args).contains("s3cr"), args.toString());
        assertTrue(out.contains("PROPS-MODE 600"), out.toString());
        assertTrue(out.contains("PROPS spark.executorEnv.FACEEMBED_JDBC_PASSWORD s3cr\\\\et"), out.toString());
        assertTrue(out.contains("PROPS spark.executor.resource.gpu.amount                 1"), "the GPU settings too");
        List<String> without = submit(Map.of(), "--folder", "/faces");
        assertFalse(String.join(" ", without).contains("FACEEMBED_JDBC_PASSWORD"), without.toString());
    }

    @Test
    void sparkOptsGoToSparkSubmitBeforeTheJar() throws Exception {
        List<String> args = submit(Map.of("SPARK_MASTER", "k8s://https://k8s.example:443", "SPARK_OPTS",
                "--conf spark.kubernetes.container.image=repo/spark:4.0.1"), "--folder", "s3a://b/faces");
        int image = args.indexOf("spark.kubernetes.container.image=repo/spark:4.0.1");
        int jar = args.indexOf("embed") - 1;
        assertTrue(image > 0 && image < jar && args.get(image - 1).equals("--conf"), args.toString());
        assertEquals("k8s://https://k8s.example:443", args.get(args.indexOf("--master") + 1));
    }

    @Test
    void theGpuDiscoveryScriptTheConfNamesIsTheOneTheJobShips() throws Exception {
        List<String> args = submit(Map.of(), "--folder", "/faces");
        Path shipped = Path.of(args.get(args.indexOf("--files") + 1));
        String named = Files.readAllLines(Path.of("conf/spark-defaults-gpu.conf")).stream()
                .filter(l -> l.startsWith("spark.executor.resource.gpu.discoveryScript"))
                .map(l -> l.split("\\s+")[1]).findFirst().orElseThrow();
        assertEquals("./" + shipped.getFileName(), named, "--files puts the script in the executor's working folder");
        assertTrue(Files.isExecutable(Path.of("conf").resolve(shipped.getFileName())));
    }

    /** The script run from a copy of the project's submit/ and conf/ beside a stand-in cluster jar. */
    private List<String> submit(Map<String, String> env, String... embedArgs) throws IOException, InterruptedException {
        return run(env, embedArgs).stream().filter(l -> !l.startsWith("PROPS")).toList();
    }

    /** The stand-in's output: its arguments, then "PROPS"-prefixed lines of the properties file it was given. */
    private List<String> run(Map<String, String> env, String... embedArgs) throws IOException, InterruptedException {
        Path root = Files.createTempDirectory(tmp, "project");
        Files.createDirectories(root.resolve("submit"));
        Files.createDirectories(root.resolve("target"));
        Files.copy(Path.of("submit/spark-submit.sh"), root.resolve("submit/spark-submit.sh"));
        Files.createDirectories(root.resolve("conf"));
        for (String conf : List.of("spark-defaults-gpu.conf", "getGpusResources.sh")) {
            Files.copy(Path.of("conf", conf), root.resolve("conf").resolve(conf));
        }
        Files.writeString(root.resolve("target/faceembed-0.1.0-cluster.jar"), "stand-in");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path fake = bin.resolve("spark-submit");
        Files.writeString(fake, """
                #!/usr/bin/env bash
                printf '%s\\n' "$@"
                while [[ $# -gt 0 ]]; do
                  if [[ $1 == --properties-file ]]; then
                    echo "PROPS-MODE $(stat -c %a "$2")"
                    sed 's/^/PROPS /' "$2"
                  fi
                  shift
                done
                """);
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
