package io.faceembed.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.audit.AuditFindings;
import io.faceembed.audit.AuditSettings;
import io.faceembed.audit.EmbeddedTree;
import io.faceembed.audit.FaceAudit;
import io.faceembed.audit.TestSpark;
import io.faceembed.sinks.JdbcPassword;
import io.faceembed.sinks.JdbcSettings;
import io.faceembed.sinks.JdbcSink;
import io.faceembed.sinks.ResultSchema;
import io.faceembed.testing.PostgresServer;
import io.faceembed.testing.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search and audit read a PostgreSQL store written by the JDBC sink: sample/people in a real server. The embedding
 * column is pgvector's vector when the server has the extension (search then goes through {@code <=>}), else
 * real[] (exact search in Spark).
 */
class PostgresStoreSearchTest {

    @TempDir
    static Path dir;
    static SparkSession spark;
    static String store;
    static Path passwordFile;
    static boolean vector;

    @BeforeAll
    static void sampleInPostgres() throws IOException {
        PostgresServer server = PostgresServer.shared();
        spark = TestSpark.session();
        String url = server.createDatabase("search_test", true) + "?user=" + server.superuser() + "&table=faces";
        passwordFile = dir.resolve("store.properties");
        Files.writeString(passwordFile, "password=" + server.password() + "\n");
        JdbcSettings settings = JdbcSettings.parse(url, 500, Map.of());
        try (JdbcSink sink = new JdbcSink(spark, settings, JdbcPassword.of(server.password()), 128)) {
            sink.prepare();
            vector = sink.usesVectorColumn();
            sink.write(spark.createDataFrame(EmbeddedTree.rows(TestPaths.people()), ResultSchema.SCHEMA));
        }
        store = url;
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void searchFindsAStoredFaceFirst() {
        StoredEmbeddings stored = StoredEmbeddings.open(spark, store, null, null, passwordFile);
        assertEquals(vector, stored.jdbc().usesVectorColumn());
        float[] bob = Vectors.fromColumn(stored.faces().where("path = 'Bob_Hope/Bob_Hope_0001.jpg'")
                .select("embedding").head().get(0));
        SearchResult r = FaceSearch.search(stored, bob, 5);
        System.out.println(r.method() + ": " + r.images() + "\n" + r.identities());
        assertEquals(vector ? "pgvector hnsw" : "exact", r.method());
        assertEquals("Bob_Hope/Bob_Hope_0001.jpg", r.images().get(0).path());
        assertEquals(1.0, r.images().get(0).similarity(), 1e-4);
        assertEquals("Bob_Hope", r.identities().get(0).folder());
    }

    @Test
    void auditReadsThePostgresStore() {
        StoredEmbeddings stored = StoredEmbeddings.open(spark, store, null, null, passwordFile);
        AuditFindings f = FaceAudit.run(stored, AuditSettings.forModel(stored.model(), null));
        System.out.println(f.summary() + "\noutliers " + f.outliers() + "\nclose " + f.closeFolders());
        assertEquals(179, f.summary().images());
        assertEquals(36, f.summary().folders());
        assertTrue(f.duplicates().isEmpty(), "the sample has no duplicate: " + f.duplicates());
    }
}
