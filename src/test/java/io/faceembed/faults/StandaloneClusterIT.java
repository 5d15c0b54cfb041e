package io.faceembed.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.faults.FaultRig.Figures;
import io.faceembed.faults.FaultRig.StoreContents;
import io.faceembed.testing.InstalledModels;
import io.faceembed.testing.PostgresServer;
import io.faceembed.testing.StandaloneCluster;
import io.faceembed.testing.StandaloneCluster.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job on a real Spark cluster: a standalone master and two workers, each its own JVM from Spark's runtime jars,
 * the job submitted with {@code submit/spark-submit.sh} and the cluster jar, and workers whose mount namespaces hide
 * the driver's models folder (and the project's). What a user relies on: the models travel with the job, both
 * stores fill, each executor opens its pipeline once for the GPU address Spark gave it, and an executor killed
 * mid-run loses and duplicates nothing.
 */
class StandaloneClusterIT {

    private static final int FOLDERS = 10;
    private static final int PER_FOLDER = 6;
    /** Six tasks of ten images: each runs long enough (seconds) for a kill to find it running. */
    private static final int CHUNK_SIZE = 10;
    private static final Pattern OPENED = Pattern.compile(
            "executor (\\S+) opened the .* pipeline on \\S+ \\(Spark's gpu address for it: (\\S+)\\)");
    private static final Pattern TASK_STARTED = Pattern.compile("Running task .* \\(TID (\\d+)\\)");
    private static final Pattern TASK_FINISHED = Pattern.compile("Finished task .* \\(TID (\\d+)\\)");

    private static Path dir;
    private static Path images;
    private static Path driverModels;
    private static StandaloneCluster cluster;
    private static SparkSession spark;
    private static CleanRun cleanRun;

    /** The Delta run on the cluster, whose faces per image a faulted run must store again. */
    private record CleanRun(Submission submission, Set<Path> logs, StoreContents stored) {
    }

    @BeforeAll
    static void startCluster() throws Exception {
        Path sparkHome = Path.of(System.getProperty("faceembed.sparkHome", "target/spark-home")).toAbsolutePath();
        dir = sparkHome.resolveSibling("cluster-it");
        deleteTree(dir);
        images = FaultRig.copyPeople(dir.resolve("images"), FOLDERS, PER_FOLDER);
        driverModels = linkModels(dir.resolve("driver-only/models"));
        cluster = StandaloneCluster.start(sparkHome, dir, 2, 2,
                List.of(driverModels.getParent(), InstalledModels.dir()));
        spark = FaultRig.spark();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Runs the job into Delta once, for the test that checks it and as the reference of the faulted run. */
    private static synchronized CleanRun cleanRun() throws Exception {
        if (cleanRun == null) {
            String table = "delta:" + dir.resolve("delta");
            Set<Path> before = executorLogs();
            Submission run = submit("delta", table, Map.of());
            run.awaitSuccess(300);
            Set<Path> logs = executorLogs();
            logs.removeAll(before);
            cleanRun = new CleanRun(run, logs, StoreContents.delta(spark, table));
        }
        return cleanRun;
    }

    @Test
    void modelsTravelWithTheJobAndEachExecutorOpensItsPipelineOnceForItsOwnGpu() throws Exception {
        Path model = driverModels.resolve("ssd_mobilenetv1.onnx");
        assertTrue(Files.isRegularFile(model), "the driver sees " + model);
        for (Worker w : cluster.workers()) {
            assertFalse(w.sees(model), "worker " + w.index() + " sees the driver's " + model);
            assertFalse(w.sees(InstalledModels.dir().resolve("ssd_mobilenetv1.onnx")),
                    "worker " + w.index() + " sees the project's models");
            assertTrue(w.sees(images), "worker " + w.index() + " sees the images (shared storage)");
        }
        CleanRun run = cleanRun();
        int expected = FOLDERS * PER_FOLDER;
        assertTrue(run.submission().output().contains("embedded " + expected + " "), run.submission().tail());
        assertEquals(expected, run.stored().images(), "images stored");
        assertEquals(run.stored().facesPerImage().values().stream().mapToInt(n -> Math.max(1, n)).sum(),
                run.stored().rows(), "one row per face (or one for an image without faces), none twice");

        Set<String> gpusUsed = new TreeSet<>();
        for (Worker w : cluster.workers()) {
            for (Path log : w.executorLogs().stream().filter(run.logs()::contains).toList()) {
                List<String[]> opened = pipelinesOpened(log);
                assertEquals(1, opened.size(), log + ": the pipeline opened once per executor JVM");
                assertEquals(w.gpuAddress(), opened.get(0)[1], log + ": the executor's own GPU address");
                gpusUsed.add(opened.get(0)[1]);
            }
        }
        assertEquals(Set.of("0", "1"), gpusUsed, "both workers' executors ran the pipeline, each on its GPU");
    }

    @Test
    void anExecutorKilledMidRunLosesAndDuplicatesNothingInPostgres() throws Exception {
        Map<String, Integer> reference = cleanRun().stored().facesPerImage();
        PostgresServer server = PostgresServer.shared();
        String db = "cluster_kill";
        server.createDatabase(db, false);
        Set<Path> before = executorLogs();
        Submission run = submit("postgres-kill", FaultRig.jdbcStore(server, db),
                Map.of("FACEEMBED_JDBC_PASSWORD", server.password()));

        // SIGKILL (no shutdown hook, no task clean-up) once rows are stored and the victim has a task running: one
        // seen in flight on two polls in a row, so it is not about to finish.
        Worker victim = cluster.workers().get(0);
        Set<String> seenRunning = new HashSet<>();
        assertTrue(FaultRig.await(run.process(), TimeUnit.SECONDS.toMillis(240), () -> {
            Set<String> running = tasksInFlight(newLogs(victim, before));
            boolean steady = running.stream().anyMatch(seenRunning::contains);
            seenRunning.clear();
            seenRunning.addAll(running);
            return steady && StoreContents.postgres(server, db).images() > 0;
        }), "no rows arrived while worker 0 ran a task:\n" + run.tail());
        List<ProcessHandle> executors = victim.executors();
        assertEquals(1, executors.size(), "executors of worker 0: " + executors);
        executors.get(0).destroyForcibly();
        executors.get(0).onExit().get(30, TimeUnit.SECONDS);
        run.awaitSuccess(300);

        Figures f = FaultRig.figures("cluster-executor-killed", 1, reference, StoreContents.postgres(server, db));
        assertNothingLostOrDuplicated(f);
        List<Path> victimLogs = newLogs(victim, before);
        assertFalse(tasksInFlight(victimLogs).isEmpty(), "the killed executor had tasks running: " + victimLogs);
        for (Worker w : cluster.workers()) {
            for (Path log : newLogs(w, before)) {
                List<String[]> opened = pipelinesOpened(log);
                assertTrue(opened.size() <= 1, log + ": opened " + opened.size() + " times");
                opened.forEach(o -> assertEquals(w.gpuAddress(), o[1], log + ": the executor's own GPU address"));
            }
        }
    }

    private static void assertNothingLostOrDuplicated(Figures f) {
        assertEquals(0, f.lost(), "images lost");
        assertEquals(0, f.duplicated(), "rows duplicated");
        assertEquals(0, f.partial(), "images stored with only some of their faces");
        assertEquals(0, f.unexpected(), "images stored that are not in the folder");
    }

    /**
     * The job through submit/spark-submit.sh with the clean run's options, sized for two 2-core workers with 2 GB
     * each.
     */
    private static Submission submit(String name, String store, Map<String, String> env) throws IOException {
        Path log = dir.resolve("driver-" + name + ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("submit/spark-submit.sh").toAbsolutePath().toString(),
                "--folder", images.toString(), "--store", store, "--models-dir", driverModels.toString(),
                "--min-images", "1", "--workers", Integer.toString(FaultRig.WORKERS),
                "--chunk-size", Integer.toString(CHUNK_SIZE),
                "--db-batch-size", Integer.toString(FaultRig.DB_BATCH_SIZE))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> e = pb.environment();
        e.putAll(env);
        e.put("PATH", cluster.sparkBin() + ":" + e.getOrDefault("PATH", "/usr/bin:/bin"));
        e.put("SPARK_MASTER", cluster.masterUrl());
        e.put("FACEEMBED_JAR", Path.of(System.getProperty("faceembed.clusterJar")).toString());
        e.put("SPARK_OPTS", String.join(" ",
                "--conf spark.executor.cores=2", "--conf spark.task.cpus=1",
                "--conf spark.task.resource.gpu.amount=0.5", "--conf spark.executor.memory=1g",
                "--conf spark.executor.memoryOverhead=384m", "--conf spark.driver.host=127.0.0.1",
                "--conf spark.ui.enabled=false", "--conf spark.sql.shuffle.partitions=4",
                // both executors up before the first task, so that both run the pipeline
                "--conf spark.cores.max=4", "--conf spark.scheduler.minRegisteredResourcesRatio=1.0",
                // Delta's snapshot of a small table in 2 tasks, not 50 (as the local tests run it)
                "--conf spark.databricks.delta.snapshotPartitions=2"));
        return new Submission(pb.start(), log);
    }

    private record Submission(Process process, Path logFile) {

        void awaitSuccess(int seconds) throws InterruptedException {
            boolean ended = process.waitFor(seconds, TimeUnit.SECONDS);
            if (!ended) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            assertTrue(ended, "the job did not end in " + seconds + " s:\n" + tail());
            assertEquals(0, process.exitValue(), "the job's exit code:\n" + tail());
        }

        String output() {
            return StandaloneCluster.read(logFile);
        }

        String tail() {
            return StandaloneCluster.tail(logFile);
        }
    }

    /** (executor id, gpu address) of each "opened the pipeline" line of an executor's log. */
    private static List<String[]> pipelinesOpened(Path log) {
        List<String[]> opened = new ArrayList<>();
        Matcher m = OPENED.matcher(StandaloneCluster.read(log));
        while (m.find()) {
            opened.add(new String[] {m.group(1), m.group(2)});
        }
        return opened;
    }

    /** The tasks (TIDs) these executor logs show started and not finished: running, or killed while running. */
    private static Set<String> tasksInFlight(List<Path> logs) {
        Set<String> running = new HashSet<>();
        for (Path log : logs) {
            String text = StandaloneCluster.read(log);
            Matcher started = TASK_STARTED.matcher(text);
            while (started.find()) {
                running.add(started.group(1));
            }
            Matcher finished = TASK_FINISHED.matcher(text);
            while (finished.find()) {
                running.remove(finished.group(1));
            }
        }
        return running;
    }

    private static Set<Path> executorLogs() {
        Set<Path> all = new HashSet<>();
        cluster.workers().forEach(w -> all.addAll(w.executorLogs()));
        return all;
    }

    private static List<Path> newLogs(Worker w, Set<Path> before) {
        return w.executorLogs().stream().filter(p -> !before.contains(p)).toList();
    }

    /** The installed models as hard links (no copy of ~100 MB), else copies. */
    private static Path linkModels(Path into) throws IOException {
        Files.createDirectories(into);
        try (Stream<Path> files = Files.list(InstalledModels.dir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = into.resolve(f.getFileName().toString());
                try {
                    Files.createLink(target, f);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(f, target);
                }
            }
        }
        return into;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
