package io.faceembed.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.audit.EmbeddedTree;
import io.faceembed.audit.TestSpark;
import io.faceembed.cli.SearchCommand;
import io.faceembed.cli.VerifyCommand;
import io.faceembed.testing.InstalledModels;
import io.faceembed.testing.TestFiles;
import io.faceembed.testing.TestPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** search and verify against a Delta store of sample/people from which one portrait was held out as the query. */
class FaceSearchTest {

    static final String HELD_OUT = "George_Clooney/George_Clooney_0003.jpg";

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path query;
    static String store;

    @BeforeAll
    static void storeWithoutTheQuery() throws IOException {
        spark = TestSpark.session();
        Path people = dir.resolve("people");
        TestFiles.copyTree(TestPaths.people(), people);
        query = dir.resolve("query.jpg");
        Files.move(people.resolve(HELD_OUT), query);
        Path table = dir.resolve("embeddings");
        EmbeddedTree.writeDelta(spark, people, table);
        store = "delta:" + table;
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void searchFindsTheHeldOutPersonsFolderFirst() {
        String out = run(new CommandLine(new SearchCommand(io.faceembed.models.PipelineFactory::open, () -> spark)),
                "--image", query.toString(), "--top", "3", "--store", store,
                "--models-dir", InstalledModels.dir().toString());
        System.out.println(out);
        String[] lines = out.split("\n");
        assertEquals("images (exact):", lines[0]);
        assertTrue(lines[1].contains("George_Clooney/"), out);
        int identities = java.util.Arrays.asList(lines).indexOf("identities:");
        assertTrue(lines[identities + 1].contains(" George_Clooney ("), out);
    }

    @Test
    void exactSearchRanksByCosineSimilarity() {
        StoredEmbeddings stored = StoredEmbeddings.open(spark, store, null, null);
        float[] someone = Vectors.fromColumn(stored.faces().where("path = 'Bob_Hope/Bob_Hope_0001.jpg'")
                .select("embedding").head().get(0));
        SearchResult r = FaceSearch.search(stored, someone, 5);
        assertEquals("Bob_Hope/Bob_Hope_0001.jpg", r.images().get(0).path());
        assertEquals(1.0, r.images().get(0).similarity(), 1e-5);
        for (int i = 1; i < r.images().size(); i++) {
            assertTrue(r.images().get(i - 1).similarity() >= r.images().get(i).similarity());
        }
        assertEquals("Bob_Hope", r.identities().get(0).folder());
        assertEquals(1.0, r.identities().get(0).best(), 1e-5);
    }

    @Test
    void verifyTellsSamePersonFromDifferentPeople() {
        Path people = TestPaths.people();
        String models = InstalledModels.dir().toString();
        String same = run(new CommandLine(new VerifyCommand()), people.resolve(
                "Queen_Elizabeth_II/Queen_Elizabeth_II_0001.jpg").toString(),
                people.resolve("Queen_Elizabeth_II/Queen_Elizabeth_II_0002.jpg").toString(), "--models-dir", models);
        String different = run(new CommandLine(new VerifyCommand()), people.resolve(
                "Queen_Elizabeth_II/Queen_Elizabeth_II_0001.jpg").toString(),
                people.resolve("Muhammad_Ali/Muhammad_Ali_0001.jpg").toString(), "--models-dir", models);
        System.out.print(same + different);
        assertTrue(same.endsWith("same person\n"), same);
        assertTrue(different.endsWith("different people\n"), different);
    }

    @Test
    void verifyNamesAMissingImage() {
        CommandLine cl = new CommandLine(new VerifyCommand());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("/nonexistent/a.jpg", query.toString());
        assertEquals(2, code);
        assertTrue(err.toString().startsWith("no such file: /nonexistent/a.jpg"), err.toString());
    }

    @Test
    void searchNamesAStoreThatIsNoTable() {
        CommandLine cl = new CommandLine(new SearchCommand(io.faceembed.models.PipelineFactory::open, () -> spark));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("--image", query.toString(), "--store", "delta:" + dir.resolve("nothing-here"),
                "--models-dir", InstalledModels.dir().toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("is not a Delta table"), err.toString());
    }

    private static String run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        int code = cl.execute(args);
        assertEquals(0, code, out.toString());
        return out.toString();
    }
}
