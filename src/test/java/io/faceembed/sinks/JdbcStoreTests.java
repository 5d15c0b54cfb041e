package io.faceembed.sinks;

import io.faceembed.job.Sessions;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** What each JDBC sink test class starts with: a database of its own on the shared test server, a local session. */
abstract class JdbcStoreTests {

    @TempDir
    static Path tempDir;
    static SparkSession spark;
    static JdbcTestStore store;

    /** The database is named after the test class in snake case: JdbcSinkTest uses jdbc_sink_test. */
    @BeforeAll
    static void startStoreAndSpark(TestInfo test) {
        String name = test.getTestClass().orElseThrow().getSimpleName();
        store = new JdbcTestStore(name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT), false, tempDir);
        spark = Sessions.forTests();
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
            spark = null;
        }
    }
}
