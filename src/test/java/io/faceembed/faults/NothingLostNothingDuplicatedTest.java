package io.faceembed.faults;

import static io.faceembed.faults.FaultRig.IMAGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.faults.FaultRig.Figures;
import io.faceembed.faults.FaultRig.InjectedFaults;
import io.faceembed.faults.FaultRig.StoreContents;
import io.faceembed.job.EmbedPartitions;
import io.faceembed.progress.JobReport;
import io.faceembed.testing.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue "Nothing lost, nothing duplicated": the real job (real models, real Spark, real Delta and PostgreSQL) under
 * task failures, a killed driver, a store outage, two concurrent jobs and SIGTERM. After each, plus a re-run where
 * the fault stopped the job, every image of the folder is stored exactly once with all of its faces.
 */
class NothingLostNothingDuplicatedTest {

    private static final long DRIVER_TIMEOUT_MS = 300_000;

    @TempDir
    static Path scratch;
    private static SparkSession spark;
    private static Map<String, Integer> reference;
    private static String savedHome;

    @BeforeAll
    static void referenceRun() throws Exception {
        spark = FaultRig.spark();
        reference = FaultRig.referenceFaces(scratch);
        assertEquals(IMAGES, reference.size(), "the clean reference run stores every image");
    }

    @AfterAll
    static void restoreHome() {
        if (savedHome != null) {
            System.setProperty("user.home", savedHome);
        }
    }

    private static PostgresServer postgres() throws Exception {
        PostgresServer server = PostgresServer.shared();
        if (savedHome == null) {
            Path home = Files.createDirectories(scratch.resolve("home"));
            savedHome = FaultRig.usePgPass(server, home);
        }
        return server;
    }

    private static void assertNothingLostOrDuplicated(Figures f) {
        assertEquals(0, f.lost(), "images lost");
        assertEquals(0, f.duplicated(), "rows duplicated");
        assertEquals(0, f.partial(), "images stored with only some of their faces");
        assertEquals(0, f.unexpected(), "images stored that are not in the folder");
    }

    @Test
    void tasksFailingOnTheirFirstAttemptAreRetriedAndDeltaHoldsEachImageOnce(@TempDir Path dir) {
        Path images = FaultRig.copyPeople(dir.resolve("images"));
        String store = "delta:" + dir.resolve("store");
        int injected = withInjectedFaults("embed", () -> FaultRig.embed(spark, images, store));
        Figures f = FaultRig.figures("retried-tasks-delta", injected, reference, StoreContents.delta(spark, store));
        assertTrue(injected > 0, "faults were injected");
        assertNothingLostOrDuplicated(f);
    }

    @Test
    void tasksFailingOnTheirFirstAttemptAreRetriedAndPostgresHoldsEachImageOnce(@TempDir Path dir) throws Exception {
        PostgresServer server = postgres();
        Path images = FaultRig.copyPeople(dir.resolve("images"));
        String db = "faults_retry";
        server.createDatabase(db, false);
        // embed: a partition's result fails halfway; write: a partition fails after committing its first batch
        int injected = withInjectedFaults("embed,write",
                () -> FaultRig.embed(spark, images, FaultRig.jdbcStore(server, db)));
        Figures f = FaultRig.figures("retried-tasks-postgres", injected, reference,
                StoreContents.postgres(server, db));
        assertTrue(injected > 0, "faults were injected");
        assertNothingLostOrDuplicated(f);
    }

    private static int withInjectedFaults(String stages, Supplier<JobReport> run) {
        InjectedFaults faults = new InjectedFaults();
        spark.sparkContext().addSparkListener(faults);
        System.setProperty(EmbedPartitions.FAIL_FIRST_ATTEMPT, stages);
        try {
            JobReport report = run.get();
            assertEquals(IMAGES, report.embedded() + report.noFace() + report.failed(), "images done by the run");
        } finally {
            System.clearProperty(EmbedPartitions.FAIL_FIRST_ATTEMPT);
            try {
                spark.sparkContext().listenerBus().waitUntilEmpty(30_000);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("Spark's listener bus did not drain", e);
            }
            spark.sparkContext().removeSparkListener(faults);
        }
        return faults.count();
    }

    @Test
    void driverKilledHardAfterAWaveKeepsThatWaveAndARerunCompletesTheRest(@TempDir Path dir) throws Exception {
        Path images = FaultRig.copyPeople(dir.resolve("images"));
        Path table = dir.resolve("store");
        String store = "delta:" + table;
        Path log = dir.resolve("driver.log");
        Process driver = FaultRig.startDriver(images, store, log);
        boolean committed;
        try {
            committed = FaultRig.await(driver, DRIVER_TIMEOUT_MS, () -> FaultRig.deltaWaveCommits(table) >= 1);
        } finally {
            driver.destroyForcibly(); // SIGKILL: no shutdown hook runs
            driver.waitFor(60, TimeUnit.SECONDS);
        }
        assertTrue(committed, "the driver committed a first wave before it was killed:\n" + tail(log));
        int kept = StoreContents.delta(spark, store).images();
        assertTrue(kept > 0 && kept < IMAGES, "the kill came mid-job: " + kept + " images stored");

        JobReport rerun = FaultRig.embed(spark, images, store);
        Figures f = FaultRig.figures("killed-driver-delta", 1, reference, StoreContents.delta(spark, store));
        System.out.println("faults: killed-driver-delta: kept=" + kept + " rerun.skippedDone=" + rerun.skippedDone());
        assertEquals(kept, rerun.skippedDone(), "the re-run skips exactly the images stored before the kill");
        assertNothingLostOrDuplicated(f);
    }

    @Test
    void sigtermStopsTheDriverWithOneLineAndANonZeroExitKeepingFinishedWaves(@TempDir Path dir) throws Exception {
        Path images = FaultRig.copyPeople(dir.resolve("images"));
        Path table = dir.resolve("store");
        String store = "delta:" + table;
        Path log = dir.resolve("driver.log");
        Process driver = FaultRig.startDriver(images, store, log);
        boolean committed;
        int exit;
        try {
            committed = FaultRig.await(driver, DRIVER_TIMEOUT_MS, () -> FaultRig.deltaWaveCommits(table) >= 1);
            driver.destroy(); // SIGTERM
            assertTrue(driver.waitFor(60, TimeUnit.SECONDS), "the driver exits within a minute of SIGTERM");
            exit = driver.exitValue();
        } finally {
            driver.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(committed, "a first wave was committed before SIGTERM:\n" + tail(log));
        assertNotEquals(0, exit, "exit status after SIGTERM");
        long lines = output.lines().filter(l -> l.startsWith("faceembed embed: interrupted")).count();
        assertEquals(1, lines, "one line says the job was interrupted:\n" + tail(log));
        int kept = StoreContents.delta(spark, store).images();
        assertTrue(kept > 0, "finished waves are kept");

        FaultRig.embed(spark, images, store);
        Figures f = FaultRig.figures("sigterm-delta", 1, reference, StoreContents.delta(spark, store));
        System.out.println("faults: sigterm-delta: exit=" + exit + " kept=" + kept);
        assertNothingLostOrDuplicated(f);
    }

    @Test
    void postgresStoppedForSecondsMidRunLosesAndDuplicatesNothing(@TempDir Path dir) throws Exception {
        PostgresServer server = postgres();
        Path images = FaultRig.copyPeople(dir.resolve("images"));
        String db = "faults_outage";
        server.createDatabase(db, false);
        String store = FaultRig.jdbcStore(server, db);
        AtomicBoolean jobDone = new AtomicBoolean();
        CompletableFuture<Boolean> outage = CompletableFuture.supplyAsync(() -> {
            try {
                boolean rowsStored = awaitFirstRow(server, db, jobDone);
                server.stop();
                boolean midRun = rowsStored && !jobDone.get();
                Thread.sleep(4_000);
                return midRun;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                server.start();
            }
        });
        String firstRun;
        try {
            JobReport r;
            try {
                r = FaultRig.embed(spark, images, store);
            } finally {
                jobDone.set(true);
            }
            firstRun = "completed (" + (r.embedded() + r.noFace() + r.failed()) + " images)";
        } catch (RuntimeException e) {
            firstRun = "stopped: " + e.getMessage();
            assertTrue(e.getMessage() != null && e.getMessage().contains("PostgreSQL store"),
                    "a stopped job says the store failed: " + e);
        }
        assertTrue(outage.get(DRIVER_TIMEOUT_MS, TimeUnit.MILLISECONDS),
                "the outage came while the job was still running, after it had stored rows");
        FaultRig.embed(spark, images, store);
        Figures f = FaultRig.figures("postgres-outage", 1, reference, StoreContents.postgres(server, db));
        System.out.println("faults: postgres-outage: first run " + firstRun);
        assertNothingLostOrDuplicated(f);
    }

    /**
     * Polls one open connection every 10 ms until the store holds a row: the job's writes are short (batches of
     * {@link FaultRig#DB_BATCH_SIZE} rows), and a poll that connected afresh each time (~0.1-0.3 s on a busy machine)
     * could miss the whole write stage and come after the job.
     */
    private static boolean awaitFirstRow(PostgresServer server, String db, AtomicBoolean jobDone)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + DRIVER_TIMEOUT_MS;
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            while (System.currentTimeMillis() < deadline && !jobDone.get()) {
                try (ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + FaultRig.TABLE + ")")) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return true;
                    }
                } catch (SQLException e) {
                    if (!"42P01".equals(e.getSQLState())) { // no table yet: the job has not prepared its store
                        throw e;
                    }
                }
                Thread.sleep(10);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("polling the store: " + e.getMessage(), e);
        }
        return false;
    }

    @Test
    void twoJobsAtOnceOnOneDeltaStoreStoreEachImageOnce(@TempDir Path dir) throws Exception {
        Path images = FaultRig.copyPeople(dir.resolve("images"));
        String store = "delta:" + dir.resolve("store");
        String outcome = twoAtOnce(images, store);
        Figures f = FaultRig.figures("two-jobs-delta", 2, reference, StoreContents.delta(spark, store));
        System.out.println("faults: two-jobs-delta: " + outcome);
        assertNothingLostOrDuplicated(f);
    }

    @Test
    void twoJobsAtOnceOnOnePostgresStoreStoreEachImageOnce(@TempDir Path dir) throws Exception {
        PostgresServer server = postgres();
        Path images = FaultRig.copyPeople(dir.resolve("images"));
        String db = "faults_concurrent";
        server.createDatabase(db, false);
        String outcome = twoAtOnce(images, FaultRig.jdbcStore(server, db));
        Figures f = FaultRig.figures("two-jobs-postgres", 2, reference, StoreContents.postgres(server, db));
        System.out.println("faults: two-jobs-postgres: " + outcome);
        assertNothingLostOrDuplicated(f);
    }

    /** Both jobs on one session, started together on a store that does not exist yet. */
    private static String twoAtOnce(Path images, String store) throws Exception {
        List<CompletableFuture<String>> jobs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            jobs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    JobReport r = FaultRig.embed(spark, images, store);
                    return "done(" + (r.embedded() + r.noFace() + r.failed()) + ")";
                } catch (Exception e) { // Spark and Delta throw checked exceptions undeclared
                    return "failed(" + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()) + ")";
                }
            }));
        }
        List<String> outcomes = new ArrayList<>();
        for (CompletableFuture<String> job : jobs) {
            outcomes.add(job.get(DRIVER_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        }
        // Both complete: PostgreSQL's unique key settles each row; Delta's sink takes a table created at the same
        // moment by the other job and runs a wave's MERGE again when the other job's commit conflicts with it.
        assertTrue(outcomes.stream().allMatch(o -> o.startsWith("done")), "both jobs complete: " + outcomes);
        return String.join(" ", outcomes);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }
}
