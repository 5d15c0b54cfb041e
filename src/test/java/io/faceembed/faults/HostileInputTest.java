package io.faceembed.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.config.EmbedSettings;
import io.faceembed.job.EmbedJob;
import io.faceembed.job.PipelineOpener;
import io.faceembed.listing.ImageExtensions;
import io.faceembed.progress.JobReport;
import io.faceembed.sinks.ResultSchema;
import io.faceembed.testing.InstalledModels;
import io.faceembed.testing.TestPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue item 2: a tree of hostile files (the shared edge cases, truncated and random files behind image names,
 * 30 levels of folders, awkward names, an unreadable file, a file deleted after listing, an empty folder). The job
 * completes; every bad file is one {@code failed} row with a reason; every image is stored exactly once.
 */
class HostileInputTest {

    private static final int DEPTH = 30;

    @Test
    void hostileTreeCompletesWithOneFailedRowAndAReasonPerBadFile(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("tree");
        List<String> mustFail = new ArrayList<>();
        List<String> mayFail = new ArrayList<>();
        List<String> mustSucceed = new ArrayList<>();
        Path portrait = Files.list(TestPaths.people().resolve("Amelia_Vega")).sorted().findFirst().orElseThrow();
        byte[] portraitBytes = Files.readAllBytes(portrait);

        Path edge = Files.createDirectories(root.resolve("edge"));
        try (Stream<Path> files = Files.list(TestPaths.sample().resolve("edge"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, edge.resolve(f.getFileName().toString()));
            }
        }
        for (String bad : List.of("random-bytes.png", "text-named.jpg", "zero-bytes.jpg", "bomb-100000x100000.png")) {
            mustFail.add("edge/" + bad);
        }
        mayFail.add("edge/truncated.jpg");

        Path truncated = Files.createDirectories(root.resolve("truncated"));
        for (int cut : new int[] {0, 2, 100, portraitBytes.length / 3, portraitBytes.length * 2 / 3,
                portraitBytes.length - 1}) {
            Files.write(truncated.resolve("cut-" + cut + ".jpg"), java.util.Arrays.copyOf(portraitBytes, cut));
            (cut <= 100 ? mustFail : mayFail).add("truncated/cut-" + cut + ".jpg");
        }

        Path random = Files.createDirectories(root.resolve("random"));
        Random rnd = new Random(42);
        for (String name : List.of("noise.jpg", "noise.png", "noise.webp", "noise.tif", "noise.bmp", "noise.gif")) {
            byte[] bytes = new byte[4096];
            rnd.nextBytes(bytes);
            Files.write(random.resolve(name), bytes);
            mustFail.add("random/" + name);
        }

        Path deep = root.resolve("deep");
        StringBuilder rel = new StringBuilder("deep");
        for (int i = 0; i < DEPTH; i++) {
            deep = deep.resolve("level" + i);
            rel.append("/level").append(i);
        }
        Files.createDirectories(deep);
        Files.write(deep.resolve("bottom.jpg"), portraitBytes);
        mustSucceed.add(rel + "/bottom.jpg");

        Path names = Files.createDirectories(root.resolve("names with spaces"));
        for (String name : List.of("a face.jpg", "it's \"quoted\".jpg", "Zoë Ñúñez 名前.jpg", "semi;colon,comma.jpg")) {
            Files.write(names.resolve(name), portraitBytes);
            mustSucceed.add("names with spaces/" + name);
        }

        Path locked = Files.createDirectories(root.resolve("locked")).resolve("no-read.jpg");
        Files.write(locked, portraitBytes);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        boolean chmodStopsReading = !Files.isReadable(locked); // root reads anyway: that sub-case is skipped
        (chmodStopsReading ? mustFail : mayFail).add("locked/no-read.jpg");

        Path gone = Files.createDirectories(root.resolve("gone")).resolve("deleted-after-listing.jpg");
        Files.write(gone, portraitBytes);
        mustFail.add("gone/deleted-after-listing.jpg");

        Files.createDirectories(root.resolve("empty"));

        SparkSession spark = FaultRig.spark();
        // Listing runs on the driver before any Spark task; the first task comes after it: delete the file then.
        AtomicBoolean deleted = new AtomicBoolean();
        SparkListener deleter = new SparkListener() {
            @Override
            public void onTaskStart(SparkListenerTaskStart start) {
                if (deleted.compareAndSet(false, true)) {
                    gone.toFile().delete();
                }
            }
        };
        spark.sparkContext().addSparkListener(deleter);
        String store = "delta:" + dir.resolve("store");
        JobReport report;
        try {
            EmbedSettings settings = EmbedSettings.of(root.toString(), true, 1, "Dlib", "ssd", FaultRig.WORKERS,
                    4, 8, store, FaultRig.TABLE, null, null, false, false, InstalledModels.dir().toString(), "cpu",
                    null, false);
            report = new EmbedJob(spark, PipelineOpener.MODELS,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run(settings);
        } finally {
            spark.sparkContext().removeSparkListener(deleter);
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rw-------"));
        }
        assertTrue(deleted.get(), "the file was deleted after listing");
        assertFalse(Files.exists(gone));

        Map<String, List<Row>> byPath = new TreeMap<>();
        for (Row r : spark.read().format("delta").load(store.substring("delta:".length()))
                .select(ResultSchema.PATH, ResultSchema.FACE_INDEX, ResultSchema.STATUS, ResultSchema.REASON)
                .collectAsList()) {
            byPath.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r);
        }
        TreeSet<String> expected = imagesIn(root);
        expected.add("gone/deleted-after-listing.jpg");
        int lost = 0;
        long duplicated = 0;
        for (String image : expected) {
            List<Row> rows = byPath.get(image);
            if (rows == null) {
                lost++;
                continue;
            }
            duplicated += rows.size() - rows.stream().map(r -> r.getInt(1)).distinct().count();
        }
        System.out.println("faults: hostile-input: injected=" + mustFail.size() + " expected=" + expected.size()
                + " lost=" + lost + " duplicated=" + duplicated + " failed=" + report.failed()
                + " unreadable-subcase=" + (chmodStopsReading ? "run" : "skipped (root reads mode 000 files)"));
        for (String image : expected) {
            List<Row> rows = byPath.get(image);
            String statuses = rows == null ? "none" : rows.stream().map(r -> r.getString(2) + ":" + r.getString(3))
                    .toList().toString();
            System.out.println("faults: hostile-input:   " + image + " -> " + statuses);
        }
        assertEquals(expected.size(), report.listed(), "every image file of the tree is listed, at any depth");
        assertEquals(0, lost, "images lost");
        assertEquals(0, duplicated, "rows duplicated");
        assertEquals(expected, new TreeSet<>(byPath.keySet()), "nothing stored that is not in the tree");
        for (String bad : mustFail) {
            List<Row> rows = byPath.get(bad);
            assertEquals(1, rows.size(), bad + ": one row");
            assertEquals("failed", rows.get(0).getString(2), bad + ": status");
            assertNotNull(rows.get(0).getString(3), bad + ": a reason");
            assertFalse(rows.get(0).getString(3).isBlank(), bad + ": a reason");
        }
        for (String maybe : mayFail) {
            List<Row> rows = byPath.get(maybe);
            if ("failed".equals(rows.get(0).getString(2))) {
                assertEquals(1, rows.size(), maybe + ": one failed row");
                assertNotNull(rows.get(0).getString(3), maybe + ": a reason");
            }
        }
        for (String good : mustSucceed) {
            assertEquals("ok", byPath.get(good).get(0).getString(2), good + ": the portrait's face is found");
        }
        assertTrue(byPath.get("gone/deleted-after-listing.jpg").get(0).getString(3).contains("no longer exists"),
                "a deleted file's reason says so");
        // Memory stays bounded because a bomb is refused from its header, before any pixel is allocated (a decoded
        // 100,000 x 100,000 image would be 40 GB): its reason says so.
        assertTrue(byPath.get("edge/bomb-100000x100000.png").get(0).getString(3)
                .contains("declares 100000 x 100000 pixels"), "the bomb is refused from its header");
    }

    private static TreeSet<String> imagesIn(Path root) throws IOException {
        TreeSet<String> images = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (!ImageExtensions.isHidden(name) && ImageExtensions.isImage(name)) {
                    images.add(root.relativize(f).toString());
                }
            }
        }
        return images;
    }
}
