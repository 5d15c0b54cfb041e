package io.faceembed.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.cli.FaceEmbed;
import io.faceembed.search.StoredEmbeddings;
import io.faceembed.testing.InstalledModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: {@code faceembed embed} writes the planted copy's table, the audit reads it and names the plants. */
class AuditOfEmbedJobTest {

    @TempDir
    static Path dir;
    static SparkSession spark;

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void auditOfTheEmbedJobsTableNamesThePlantedFaults() {
        PlantedCollection planted = PlantedCollection.plant(dir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = FaceEmbed.run(new String[] {"embed", "--folder", planted.images.toString(), "--recursive",
                "--min-images", "1", "--store", planted.store(), "--models-dir", InstalledModels.dir().toString(),
                "--workers", "2"}, new PrintStream(out, true), new PrintStream(out, true));
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));

        spark = TestSpark.session();
        StoredEmbeddings store = StoredEmbeddings.open(spark, planted.store(), null, null);
        AuditFindings f = FaceAudit.run(store, AuditSettings.forModel(store.model(), null));
        System.out.println(f.summary() + "\n" + f.outliers() + "\n" + f.closeFolders());
        assertTrue(f.outliers().stream().anyMatch(o -> o.path().equals(PlantedCollection.WRONG_IMAGE)), "wrong image");
        assertTrue(f.duplicates().stream().anyMatch(d -> d.pathA().equals(PlantedCollection.DUPLICATE_COPY)
                && d.pathB().equals(PlantedCollection.DUPLICATE_ORIGINAL)), "duplicate image");
        assertTrue(f.closeFolders().stream().anyMatch(c -> c.folderA().equals(PlantedCollection.FOLDER_ORIGINAL)
                && c.folderB().equals(PlantedCollection.FOLDER_COPY)), "duplicate folder");
    }
}
