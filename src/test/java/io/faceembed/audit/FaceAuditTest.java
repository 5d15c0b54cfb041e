package io.faceembed.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.audit.AuditFindings.CloseFolders;
import io.faceembed.audit.AuditFindings.DuplicatePair;
import io.faceembed.audit.AuditFindings.Outlier;
import io.faceembed.search.StoredEmbeddings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit on a copy of sample/people with a planted wrong image, duplicate image and duplicate folder. */
class FaceAuditTest {

    @TempDir
    static Path dir;
    static SparkSession spark;
    static PlantedCollection planted;
    static AuditFindings findings;
    static Path reportDir;

    @BeforeAll
    static void embedAndAudit() throws IOException {
        spark = TestSpark.session();
        planted = PlantedCollection.create(spark, dir);
        StoredEmbeddings store = StoredEmbeddings.open(spark, planted.store(), null, null);
        AuditSettings settings = AuditSettings.forModel(store.model(), null);
        findings = FaceAudit.run(store, settings);
        reportDir = dir.resolve("report");
        AuditCsv.write(findings, reportDir);
        AuditHtmlReport.write(findings, settings, planted.images.toString(), spark.sparkContext().hadoopConfiguration(),
                reportDir.resolve(AuditHtmlReport.FILE));
        System.out.println("audit summary: " + findings.summary());
        findings.outliers().forEach(o -> System.out.println("outlier: " + o));
        findings.splits().forEach(o -> System.out.println("split: " + o));
        findings.duplicates().forEach(o -> System.out.println("duplicate: " + o));
        findings.closeFolders().forEach(o -> System.out.println("close folders: " + o));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void namesTheImageOfAnotherPersonAndWhoItResembles() {
        Outlier wrong = findings.outliers().stream().filter(o -> o.path().equals(PlantedCollection.WRONG_IMAGE))
                .findFirst().orElseThrow(() -> new AssertionError("planted image not among " + findings.outliers()));
        assertEquals("Queen_Elizabeth_II", wrong.nearestFolder());
        assertTrue(wrong.distance() > findings.summary().outlierThreshold());
        List<Outlier> falseAlarms = findings.outliers().stream()
                .filter(o -> !o.path().equals(PlantedCollection.WRONG_IMAGE)).toList();
        System.out.println("outlier false alarms: " + falseAlarms.size());
        assertTrue(falseAlarms.size() <= 3, "too many false outliers: " + falseAlarms);
    }

    @Test
    void namesTheImageCopiedWithinItsFolder() {
        assertTrue(findings.duplicates().stream().anyMatch(d -> d.sameFolder()
                        && d.pathA().equals(PlantedCollection.DUPLICATE_COPY)
                        && d.pathB().equals(PlantedCollection.DUPLICATE_ORIGINAL)),
                "planted duplicate not among " + findings.duplicates());
    }

    @Test
    void duplicatesAreOnlyThePlantedCopies() {
        for (DuplicatePair d : findings.duplicates()) {
            boolean plantedImage = d.pathA().equals(PlantedCollection.DUPLICATE_COPY);
            boolean plantedFolder = d.folderA().equals(PlantedCollection.FOLDER_ORIGINAL)
                    && d.folderB().equals(PlantedCollection.FOLDER_COPY)
                    && d.pathA().substring(d.folderA().length()).equals(d.pathB().substring(d.folderB().length()));
            boolean wrongImageTwin = d.pathA().equals(PlantedCollection.WRONG_IMAGE)
                    || d.pathB().equals(PlantedCollection.WRONG_IMAGE);
            assertTrue(plantedImage || plantedFolder || wrongImageTwin, "unexpected duplicate " + d);
        }
    }

    @Test
    void namesTheFolderCopiedUnderAnotherName() {
        CloseFolders copy = findings.closeFolders().stream()
                .filter(c -> c.folderA().equals(PlantedCollection.FOLDER_ORIGINAL)
                        && c.folderB().equals(PlantedCollection.FOLDER_COPY))
                .findFirst().orElseThrow(() -> new AssertionError("planted folder not among " + findings.closeFolders()));
        assertTrue(copy.similarity() > 0.999);
        System.out.println("close-folder false alarms: " + (findings.closeFolders().size() - 1));
        assertTrue(findings.closeFolders().size() <= 3, "too many close folders: " + findings.closeFolders());
    }

    @Test
    void writesOneCsvPerFindingKind() throws IOException {
        assertTrue(Files.readString(reportDir.resolve(AuditCsv.OUTLIERS)).contains(PlantedCollection.WRONG_IMAGE));
        assertTrue(Files.readString(reportDir.resolve(AuditCsv.DUPLICATES)).contains(PlantedCollection.DUPLICATE_COPY));
        assertTrue(Files.readString(reportDir.resolve(AuditCsv.CLOSE_FOLDERS))
                .contains(PlantedCollection.FOLDER_ORIGINAL + "," + PlantedCollection.FOLDER_COPY));
        assertTrue(Files.readString(reportDir.resolve(AuditCsv.SPLITS)).startsWith("folder,size,"));
    }

    @Test
    void htmlReportShowsThePlantedFindingsInABrowser() throws Exception {
        Path html = reportDir.resolve(AuditHtmlReport.FILE);
        String source = Files.readString(html);
        assertFalse(source.contains("http://") || source.contains("https://") || source.contains("<script"),
                "report must be self-contained and script-free");
        HeadlessChromium chromium = HeadlessChromium.find(dir.resolve("chromium-profile"));
        String dom = chromium.dumpDom(html);
        assertTrue(dom.contains(PlantedCollection.WRONG_IMAGE), "outlier missing from the rendered page");
        assertTrue(dom.contains(AuditHtmlReport.escape(PlantedCollection.DUPLICATE_COPY)), "duplicate missing");
        assertTrue(dom.contains(PlantedCollection.FOLDER_COPY), "copied folder missing");
        assertTrue(dom.contains("<svg"), "plots missing");
        long thumbnails = dom.split("src=\"data:image/jpeg;base64,", -1).length - 1;
        assertTrue(thumbnails >= 10, "expected embedded thumbnails, found " + thumbnails);
        chromium.screenshot(html, Path.of("target", "audit-report.png"), 1280, 2000);
    }

    @Test
    void auditCommandWritesTheReportAndSummarises() throws IOException {
        Path out = dir.resolve("cli-report");
        var cl = new picocli.CommandLine(new io.faceembed.cli.AuditCommand(() -> spark));
        var text = new java.io.StringWriter();
        cl.setOut(new java.io.PrintWriter(text));
        int code = cl.execute("--store", planted.store(), "--report-dir", out.toString(), "--images",
                planted.images.toString());
        assertEquals(0, code, text.toString());
        assertTrue(text.toString().contains("outliers: 1 "), text.toString());
        for (String file : AuditHtmlReport.files()) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file);
        }
    }

    @Test
    void auditCommandNamesAnUnknownSignature() {
        var cl = new picocli.CommandLine(new io.faceembed.cli.AuditCommand(() -> spark));
        var err = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(err));
        int code = cl.execute("--store", planted.store(), "--signature", "Other:123");
        assertEquals(2, code);
        assertTrue(err.toString().startsWith("--signature 'Other:123' has no faces in the store; it holds Dlib:"),
                err.toString());
    }

    @Test
    void hashedBlockingFindsWhatExactComparisonFinds() {
        StoredEmbeddings store = StoredEmbeddings.open(spark, planted.store(), null, null);
        AuditSettings settings = AuditSettings.forModel(store.model(), null);
        var items = store.primaryFaces().selectExpr("path AS id", "folder AS grp", "embedding AS vec");
        long exact = SimilarPairs.anywhere(items, settings.duplicateSimilarity(), 14, 16, Long.MAX_VALUE).count();
        var hashed = SimilarPairs.anywhere(items, settings.duplicateSimilarity(), 14, 16, 0);
        assertEquals(exact, hashed.count(), "duplicates through hyperplane blocks");
        assertEquals(findings.duplicates().size(), exact);

        var centroids = FaceAudit.analyseFolders(store.primaryFaces(), settings)
                .selectExpr("folder AS id", "folder AS grp", "centroid AS vec");
        assertEquals(SimilarPairs.anywhere(centroids, 0.97, FaceAudit.FOLDER_HASH_BITS, FaceAudit.FOLDER_HASH_BANDS,
                        Long.MAX_VALUE).count(),
                SimilarPairs.anywhere(centroids, 0.97, FaceAudit.FOLDER_HASH_BITS, FaceAudit.FOLDER_HASH_BANDS, 0)
                        .count(), "close folders through hyperplane blocks");
    }
}
