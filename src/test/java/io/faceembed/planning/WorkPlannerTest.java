package io.faceembed.planning;

import static io.faceembed.sinks.ResultRowsForTests.dataset;
import static io.faceembed.sinks.ResultRowsForTests.failed;
import static io.faceembed.sinks.ResultRowsForTests.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faceembed.job.Sessions;
import io.faceembed.listing.ImageFile;
import io.faceembed.listing.ImageListing;
import io.faceembed.listing.ListingStats;
import io.faceembed.sinks.DeltaSink;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkPlannerTest {

    private static final String SIG = "Dlib:aaaa|ssd:bbbb|align=v1";
    private static final String OTHER_SIG = "Facenet:cccc|ssd:bbbb|align=v1";
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = Sessions.forTests();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    private static ImageListing listing(ImageFile... files) {
        return new ImageListing("file:/x", List.of(files), new ListingStats(files.length, 1, 0, 0, 0, 0, 0));
    }

    private static DeltaSink storeWith(Path dir, Row... rows) {
        DeltaSink sink = new DeltaSink(spark, dir.resolve("t").toString());
        sink.prepare();
        sink.write(dataset(spark, rows));
        return sink;
    }

    private static List<String> todo(ImageListing listing, DeltaSink sink, String sig, boolean retryFailed) {
        return WorkPlanner.planWork(listing.toDataset(spark), sink.storedKeys(sig, retryFailed))
                .orderBy("path").collectAsList().stream().map(r -> r.getString(0)).toList();
    }

    @Test
    void imagesStoredForTheSameSignatureAreSkipped(@TempDir Path dir) {
        DeltaSink sink = storeWith(dir, ok(SIG, "A/1.jpg", 10, 100, 0), ok(SIG, "A/1.jpg", 10, 100, 1));
        ImageListing l = listing(new ImageFile("A/1.jpg", "A", 10, 100), new ImageFile("A/2.jpg", "A", 20, 100));
        assertEquals(List.of("A/2.jpg"), todo(l, sink, SIG, false));
    }

    @Test
    void aChangedSizeOrMtimeIsPlannedAgain(@TempDir Path dir) {
        DeltaSink sink = storeWith(dir, ok(SIG, "A/1.jpg", 10, 100, 0), ok(SIG, "A/2.jpg", 20, 100, 0));
        ImageListing l = listing(new ImageFile("A/1.jpg", "A", 10, 999), new ImageFile("A/2.jpg", "A", 21, 100));
        assertEquals(List.of("A/1.jpg", "A/2.jpg"), todo(l, sink, SIG, false));
    }

    @Test
    void anotherSignaturesRowsDoNotCount(@TempDir Path dir) {
        DeltaSink sink = storeWith(dir, ok(OTHER_SIG, "A/1.jpg", 10, 100, 0));
        ImageListing l = listing(new ImageFile("A/1.jpg", "A", 10, 100));
        assertEquals(List.of("A/1.jpg"), todo(l, sink, SIG, false));
    }

    @Test
    void failedImagesArePlannedAgainOnlyWithRetryFailed(@TempDir Path dir) {
        DeltaSink sink = storeWith(dir, failed(SIG, "A/1.jpg", 10, 100, "bad"));
        ImageListing l = listing(new ImageFile("A/1.jpg", "A", 10, 100));
        assertEquals(List.of(), todo(l, sink, SIG, false));
        assertEquals(List.of("A/1.jpg"), todo(l, sink, SIG, true));
    }

    @Test
    void limitCapsTheToDoListInPathOrderAndCountsWhatIsDone(@TempDir Path dir) {
        DeltaSink sink = storeWith(dir, ok(SIG, "A/2.jpg", 20, 100, 0));
        ImageListing l = listing(new ImageFile("A/3.jpg", "A", 30, 100), new ImageFile("A/1.jpg", "A", 10, 100),
                new ImageFile("A/2.jpg", "A", 20, 100), new ImageFile("A/4.jpg", "A", 40, 100));
        WorkPlan plan = WorkPlanner.plan(l, l.toDataset(spark), sink.storedKeys(SIG, false), 2);
        assertEquals(List.of("A/1.jpg", "A/3.jpg"), plan.todo().stream().map(ImageFile::path).toList());
        assertEquals(1, plan.alreadyDone());
        assertEquals(1, plan.overLimit());
    }

    @Test
    void partitionsAreChunks() {
        assertEquals(3, WorkPlan.partitions(250, 100));
        assertEquals(1, WorkPlan.partitions(1, 100));
    }
}
