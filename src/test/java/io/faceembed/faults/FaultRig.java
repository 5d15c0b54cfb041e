package io.faceembed.faults;

import io.faceembed.config.EmbedSettings;
import io.faceembed.imaging.ImageDecodeException;
import io.faceembed.imaging.ImageDecoder;
import io.faceembed.inference.FacePipeline;
import io.faceembed.inference.ImageOutcome;
import io.faceembed.job.EmbedJob;
import io.faceembed.job.PredictorHolder;
import io.faceembed.job.PipelineOpener;
import io.faceembed.progress.JobReport;
import io.faceembed.sinks.ResultSchema;
import io.faceembed.testing.InstalledModels;
import io.faceembed.testing.PostgresServer;
import io.faceembed.testing.TestPaths;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the fault tests share: a Spark session that retries failed tasks ({@code local[2,3]}), a small copy of the
 * shared portraits, in-process and separate-JVM runs of the real job, and a reading of a Delta or PostgreSQL store
 * as "face indexes per image" to count what was lost or duplicated.
 */
final class FaultRig {

    /** Two slots; each task may fail up to 3 times (plain local[N] never retries a task). */
    static final String MASTER = "local[2,3]";
    static final String TABLE = "face_embeddings";
    /** Small chunks and batches so that a run of {@link #IMAGES} images makes several commit waves. */
    static final int WORKERS = 2;
    static final int CHUNK_SIZE = 2;
    static final int DB_BATCH_SIZE = 2;
    static final int FOLDERS = 3;
    static final int PER_FOLDER = 4;
    static final int IMAGES = FOLDERS * PER_FOLDER;

    private static Map<String, Integer> referenceFaces;

    private FaultRig() {
    }

    /** The session all fault tests share; a session started by another test class with another master is replaced. */
    static synchronized SparkSession spark() {
        scala.Option<SparkSession> active = SparkSession.getDefaultSession();
        if (active.isDefined() && !MASTER.equals(active.get().sparkContext().master())) {
            active.get().stop();
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
        }
        SparkConf conf = new SparkConf()
                .setMaster(MASTER)
                .setAppName("faceembed-faults")
                .set("spark.ui.enabled", "false")
                .set("spark.sql.shuffle.partitions", "2")
                .set("spark.default.parallelism", "2")
                .set("spark.driver.host", "localhost")
                .set("spark.databricks.delta.snapshotPartitions", "2")
                .set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        return spark;
    }

    /** {@link #FOLDERS} person folders of {@link #PER_FOLDER} portraits each, copied from sample/people. */
    static Path copyPeople(Path into) {
        return copyPeople(into, FOLDERS, PER_FOLDER);
    }

    /** {@code folderCount} person folders of {@code perFolder} portraits each, copied from sample/people. */
    static Path copyPeople(Path into, int folderCount, int perFolder) {
        try {
            List<Path> folders;
            try (Stream<Path> s = Files.list(TestPaths.people())) {
                folders = s.filter(Files::isDirectory).sorted().toList();
            }
            int taken = 0;
            for (Path folder : folders) {
                List<Path> images;
                try (Stream<Path> s = Files.list(folder)) {
                    images = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(perFolder).toList();
                }
                if (images.size() < perFolder) {
                    continue;
                }
                Path target = Files.createDirectories(into.resolve(folder.getFileName().toString()));
                for (Path image : images) {
                    Files.copy(image, target.resolve(image.getFileName().toString()));
                }
                if (++taken == folderCount) {
                    return into;
                }
            }
            throw new IllegalStateException("sample/people has fewer than " + folderCount + " folders of "
                    + perFolder + " images");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EmbedSettings settings(Path folder, String store) {
        return settings(folder, store, CHUNK_SIZE);
    }

    static EmbedSettings settings(Path folder, String store, int chunkSize) {
        return EmbedSettings.of(folder.toString(), false, 1, "Dlib", "ssd", WORKERS, chunkSize, DB_BATCH_SIZE,
                store, TABLE, null, null, false, false, InstalledModels.dir().toString(), "cpu", null, false);
    }

    /** One run of the real job in this JVM. */
    static JobReport embed(SparkSession spark, Path folder, String store) {
        return embed(spark, folder, store, CHUNK_SIZE);
    }

    static JobReport embed(SparkSession spark, Path folder, String store, int chunkSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return new EmbedJob(spark, PipelineOpener.MODELS, new PrintStream(out, true, StandardCharsets.UTF_8))
                .run(settings(folder, store, chunkSize));
    }

    /**
     * Faces per image (path relative to the folder, as stored) found by the same pipeline the job uses, called
     * directly on each image of a fresh copy: the reference a faulted run is compared with. Computed once.
     */
    static synchronized Map<String, Integer> referenceFaces(Path scratch) {
        if (referenceFaces == null) {
            Path folder = copyPeople(scratch.resolve("reference-images"));
            FacePipeline pipeline = PredictorHolder.get(settings(folder, "delta:" + scratch).pipeline(),
                    PipelineOpener.MODELS);
            ImageDecoder decoder = new ImageDecoder();
            Map<String, Integer> faces = new TreeMap<>();
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path image : files.filter(Files::isRegularFile).sorted().toList()) {
                    String rel = folder.relativize(image).toString().replace(File.separatorChar, '/');
                    ImageOutcome outcome = pipeline.process(List.of(decoder.decode(Files.readAllBytes(image), rel)))
                            .get(0);
                    faces.put(rel, outcome.status() == ImageOutcome.Status.OK ? outcome.faces().size() : 0);
                }
            } catch (IOException | ImageDecodeException e) {
                throw new IllegalStateException("reference faces: " + e.getMessage(), e);
            }
            referenceFaces = faces;
        }
        return referenceFaces;
    }

    /** Rows of an image: its faces, or 1 row (face_index -1) for no face or failed. */
    static int facesOf(List<Integer> indexes) {
        return indexes.size() == 1 && indexes.get(0) == ResultSchema.NO_FACE_INDEX ? 0 : indexes.size();
    }

    /**
     * The fault test's figures against the reference: images missing, rows stored more than once, and images whose
     * stored faces differ from the reference (a partly written image). Prints the one line the issue asks for.
     */
    static Figures figures(String name, int injected, Map<String, Integer> reference, StoreContents stored) {
        int lost = 0;
        List<String> partial = new ArrayList<>();
        for (Map.Entry<String, Integer> e : reference.entrySet()) {
            List<Integer> indexes = stored.faceIndexes().get(e.getKey());
            if (indexes == null) {
                lost++;
            } else if (facesOf(new ArrayList<>(new TreeSet<>(indexes))) != e.getValue()) {
                partial.add(e.getKey() + " (" + facesOf(new ArrayList<>(new TreeSet<>(indexes))) + " faces stored, "
                        + e.getValue() + " expected)");
            }
        }
        long distinct = stored.faceIndexes().values().stream().mapToLong(l -> new TreeSet<>(l).size()).sum();
        long duplicated = stored.rows() - distinct;
        Set<String> unexpected = new TreeSet<>(stored.faceIndexes().keySet());
        unexpected.removeAll(reference.keySet());
        Figures f = new Figures(injected, reference.size(), lost, duplicated, partial.size(), unexpected.size());
        System.out.println("faults: " + name + ": injected=" + injected + " expected=" + reference.size()
                + " lost=" + lost + " duplicated=" + duplicated + " partial=" + partial.size()
                + (partial.isEmpty() ? "" : " " + partial));
        return f;
    }

    record Figures(int injected, int expected, int lost, long duplicated, int partial, int unexpected) {
    }

    /** One stored row per (path, face_index) is the guarantee; a list holding an index twice is a duplicate. */
    record StoreContents(Map<String, List<Integer>> faceIndexes, long rows) {

        static StoreContents delta(SparkSession spark, String store) {
            String path = store.substring("delta:".length());
            if (!Files.isDirectory(Path.of(path).resolve("_delta_log"))) {
                return new StoreContents(Map.of(), 0);
            }
            List<Row> rows = spark.read().format("delta").load(path)
                    .select(ResultSchema.PATH, ResultSchema.FACE_INDEX).collectAsList();
            Map<String, List<Integer>> byPath = new TreeMap<>();
            for (Row r : rows) {
                byPath.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r.getInt(1));
            }
            return new StoreContents(byPath, rows.size());
        }

        static StoreContents postgres(PostgresServer server, String database) {
            Map<String, List<Integer>> byPath = new TreeMap<>();
            long n = 0;
            try (Connection c = server.connect(database); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT path, face_index FROM " + TABLE)) {
                while (rs.next()) {
                    byPath.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getInt(2));
                    n++;
                }
            } catch (SQLException e) {
                if ("42P01".equals(e.getSQLState())) { // no table yet
                    return new StoreContents(Map.of(), 0);
                }
                throw new IllegalStateException(e);
            }
            return new StoreContents(byPath, n);
        }

        int images() {
            return faceIndexes.size();
        }

        /** Faces per stored image, the form {@link #figures} takes as its reference. */
        Map<String, Integer> facesPerImage() {
            Map<String, Integer> faces = new TreeMap<>();
            faceIndexes.forEach((path, indexes) -> faces.put(path, facesOf(new ArrayList<>(new TreeSet<>(indexes)))));
            return faces;
        }
    }

    /** Counts task attempts that failed with an injected fault's message. */
    static final class InjectedFaults extends SparkListener {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.reason().toString().contains("injected fault")) {
                count.incrementAndGet();
            }
        }

        int count() {
            return count.get();
        }
    }

    /** The store's URL for the job; the password travels as the user's ~/.pgpass or environment would carry it. */
    static String jdbcStore(PostgresServer server, String database) {
        return server.jdbcUrl(database) + "?user=" + server.superuser() + "&table=" + TABLE;
    }

    /**
     * Points {@code user.home} at a folder whose {@code .pgpass} holds the test server's password, so an in-process
     * run finds it as a user's run would (the environment of a running JVM cannot be changed). Returns the old home.
     */
    static String usePgPass(PostgresServer server, Path dir) {
        try {
            Path pgpass = dir.resolve(".pgpass");
            Files.writeString(pgpass, "*:*:*:*:" + server.password() + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String old = System.getProperty("user.home");
        System.setProperty("user.home", dir.toString());
        return old;
    }

    /** A separate driver JVM running {@code faceembed embed} on this test's classpath, output to {@code log}. */
    static Process startDriver(Path folder, String store, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-Xmx2g",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
                "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
                "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
                "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
                "-Dio.netty.tryReflectionSetAccessible=true",
                "-Dspark.ui.enabled=false", "-Dspark.sql.shuffle.partitions=2", "-Dspark.driver.host=localhost",
                "-cp", System.getProperty("java.class.path"), "io.faceembed.cli.FaceEmbed", "embed",
                "--folder", folder.toString(), "--store", store, "--min-images", "1",
                "--workers", Integer.toString(WORKERS), "--chunk-size", Integer.toString(CHUNK_SIZE),
                "--db-batch-size", Integer.toString(DB_BATCH_SIZE), "--models-dir", InstalledModels.dir().toString(),
                "--device", "cpu"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    /** Waits until {@code ready} holds, polling; false when the process ended first or time ran out. */
    static boolean await(Process process, long timeoutMs, java.util.function.BooleanSupplier ready)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (ready.getAsBoolean()) {
                return true;
            }
            if (process != null && !process.isAlive()) {
                return false;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** Delta commits after the table's creation (version 0): the waves committed so far. */
    static int deltaWaveCommits(Path table) {
        File[] log = table.resolve("_delta_log").toFile().listFiles((d, n) -> n.endsWith(".json"));
        return log == null ? 0 : Math.max(0, log.length - 1);
    }
}
