package io.faceembed.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A Spark standalone cluster on this machine, as an operator would run one: a master and workers, each its own JVM
 * started from a Spark installation ({@code SPARK_HOME/jars} holding Spark's runtime jars alone), and a
 * {@code bin/spark-submit} in it that runs Spark's own {@code SparkSubmit}. Each worker, and every executor it
 * starts, lives in a mount namespace of its own in which the given folders are empty: the driver's files there are
 * out of its reach, as on a node of a real cluster. Each worker offers one GPU to Spark's resource scheduling, found
 * by a discovery script that gives worker {@code i} the address {@code i}; no GPU is touched.
 *
 * <p>Needs {@code unshare} (util-linux) and user namespaces; without them the calling test is skipped, except on
 * CI ({@code CI=true}), where it fails.
 */
public final class StandaloneCluster implements AutoCloseable {

    private static final String EXECUTOR_CLASS = "org.apache.spark.executor.CoarseGrainedExecutorBackend";

    private final Path sparkHome;
    private final Process master;
    private final String masterUrl;
    private final List<Worker> workers;

    private StandaloneCluster(Path sparkHome, Process master, String masterUrl, List<Worker> workers) {
        this.sparkHome = sparkHome;
        this.master = master;
        this.masterUrl = masterUrl;
        this.workers = List.copyOf(workers);
    }

    /** One worker JVM: its GPU address, the folder its executors work in, and what it can see. */
    public record Worker(int index, Process process, Path workDir) {

        public String gpuAddress() {
            return Integer.toString(index);
        }

        /** Whether {@code path} exists as this worker and its executors see the file system. */
        public boolean sees(Path path) {
            return Files.exists(Path.of("/proc/" + process.pid() + "/root").resolve(
                    path.toAbsolutePath().toString().substring(1)));
        }

        /** The executor JVMs this worker is running now. */
        public List<ProcessHandle> executors() {
            return process.descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains(EXECUTOR_CLASS))
                    .toList();
        }

        /** Each executor's log ({@code stderr}) this worker has kept, of any application. */
        public List<Path> executorLogs() {
            try (Stream<Path> files = Files.walk(workDir, 3)) {
                return files.filter(p -> p.getFileName().toString().equals("stderr")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Starts a master and {@code workers} workers of {@code cores} cores each, all logging under {@code dir}, and
     * waits until every worker has registered with the master.
     */
    public static StandaloneCluster start(Path sparkHome, Path dir, int workers, int cores,
                                          List<Path> hiddenFromWorkers) throws IOException, InterruptedException {
        requireMountNamespaces();
        if (!Files.isDirectory(sparkHome.resolve("jars"))) {
            throw new IllegalStateException(sparkHome.resolve("jars") + " is missing: the build's pre-integration-test"
                    + " phase makes it (mvn verify)");
        }
        Files.createDirectories(dir);
        writeSparkSubmit(sparkHome);
        int port = freePort();
        Process master = java(sparkHome, dir.resolve("master.log"), List.of(),
                "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--webui-port", Integer.toString(freePort()));
        String url = "spark://127.0.0.1:" + port;
        List<Worker> started = new ArrayList<>();
        try {
            awaitLine(master, dir.resolve("master.log"), "I have been elected leader", 60);
            for (int i = 0; i < workers; i++) {
                started.add(startWorker(sparkHome, dir, i, cores, url, hiddenFromWorkers));
            }
            for (Worker w : started) {
                awaitLine(w.process(), dir.resolve("worker-" + w.index() + ".log"),
                        "Successfully registered with master", 60);
            }
            return new StandaloneCluster(sparkHome, master, url, started);
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(master, started);
            throw e;
        }
    }

    public String masterUrl() {
        return masterUrl;
    }

    public List<Worker> workers() {
        return workers;
    }

    /** Spark's {@code bin/} in this installation, for a {@code PATH} on which {@code spark-submit} is this one. */
    public Path sparkBin() {
        return sparkHome.resolve("bin");
    }

    @Override
    public void close() {
        stop(master, workers);
    }

    /** Kills the workers, their executors and the master, and waits for them to end. */
    private static void stop(Process master, List<Worker> workers) {
        List<Process> all = new ArrayList<>();
        workers.forEach(w -> all.add(w.process()));
        all.add(master);
        for (Process p : all) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : all) {
            try {
                p.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Worker startWorker(Path sparkHome, Path dir, int index, int cores, String masterUrl,
                                      List<Path> hidden) throws IOException {
        Path workDir = Files.createDirectories(dir.resolve("worker-" + index));
        Path discovery = dir.resolve("gpu-" + index + ".sh");
        Files.writeString(discovery, "#!/bin/sh\necho '{\"name\": \"gpu\", \"addresses\": [\"" + index + "\"]}'\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(discovery, PosixFilePermissions.fromString("rwxr-xr-x"));
        // The worker's JVM options: Spark reads spark.* system properties into the worker's configuration.
        List<String> props = List.of("-Dspark.worker.resource.gpu.amount=1",
                "-Dspark.worker.resource.gpu.discoveryScript=" + discovery,
                "-Dspark.worker.cleanup.enabled=false");
        StringBuilder script = new StringBuilder();
        for (Path h : hidden) {
            script.append("mount -t tmpfs -o size=1m faceembed-hidden ").append(h.toAbsolutePath()).append(" && ");
        }
        script.append("exec \"$@\"");
        // unshare: a user namespace (so no root is needed) holding a mount namespace; the tmpfs mounts hide the
        // folders from this worker and its executors, and from no other process.
        List<String> cmd = new ArrayList<>(List.of("unshare", "--user", "--map-root-user", "--mount", "--", "/bin/sh",
                "-c", script.toString(), "worker-" + index));
        cmd.addAll(javaCommand(sparkHome, props, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                "--cores", Integer.toString(cores), "--memory", "2g", "--work-dir", workDir.toString(),
                "--webui-port", Integer.toString(freePort()), masterUrl));
        Process p = start(sparkHome, cmd, dir.resolve("worker-" + index + ".log"));
        return new Worker(index, p, workDir);
    }

    private static Process java(Path sparkHome, Path log, List<String> props, String mainClass, String... args)
            throws IOException {
        return start(sparkHome, javaCommand(sparkHome, props, mainClass, args), log);
    }

    private static List<String> javaCommand(Path sparkHome, List<String> props, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.add("-Xmx512m");
        cmd.add("@" + jvmArgsFile());
        cmd.addAll(props);
        cmd.addAll(List.of("-cp", sparkHome.resolve("jars") + "/*", mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static Process start(Path sparkHome, List<String> cmd, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        // SPARK_HOME and the Scala version let a worker build its executors' command from jars/ alone.
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        return pb.start();
    }

    /** {@code bin/spark-submit} as Spark's own script ends: {@code SparkSubmit} on the installation's jars. */
    private static void writeSparkSubmit(Path sparkHome) throws IOException {
        Path bin = Files.createDirectories(sparkHome.resolve("bin"));
        Path script = bin.resolve("spark-submit");
        Files.writeString(script, "#!/usr/bin/env bash\n"
                + "# Made by the cluster test: Spark's own script does the same on an installation's jars.\n"
                + "export SPARK_HOME=\"" + sparkHome + "\" SPARK_SCALA_VERSION=2.13\n"
                + "exec \"" + javaBinary() + "\" ${SPARK_DRIVER_JAVA_OPTS:--Xmx1g} @\"" + jvmArgsFile() + "\""
                + " -cp \"$SPARK_HOME/jars/*\" org.apache.spark.deploy.SparkSubmit \"$@\"\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void awaitLine(Process p, Path log, String line, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (read(log).contains(line)) {
                return;
            }
            if (!p.isAlive()) {
                throw new IllegalStateException(log.getFileName() + ": the process ended (exit " + p.exitValue()
                        + ") before '" + line + "':\n" + tail(log));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(log.getFileName() + ": no '" + line + "' in " + seconds + " s:\n" + tail(log));
    }

    /** The last lines of a log, for a failure message. */
    public static String tail(Path log) {
        List<String> lines = read(log).lines().toList();
        return lines.subList(Math.max(0, lines.size() - 40), lines.size()).stream()
                .collect(Collectors.joining("\n"));
    }

    public static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireMountNamespaces() throws IOException, InterruptedException {
        String why;
        try {
            Process p = new ProcessBuilder("unshare", "--user", "--map-root-user", "--mount", "true")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() == 0) {
                return;
            }
            why = "unshare --user --map-root-user --mount failed: " + out;
        } catch (IOException e) {
            why = "unshare (util-linux) is missing: " + e.getMessage();
        }
        String message = why + "; the cluster test hides the driver's files from its workers in mount namespaces";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(message);
        }
        Assumptions.abort(message);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The project's JVM options for Spark on Java 17 (module opens), a java @argfile. */
    private static Path jvmArgsFile() {
        return Path.of("conf", "jvm-spark.args").toAbsolutePath();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
