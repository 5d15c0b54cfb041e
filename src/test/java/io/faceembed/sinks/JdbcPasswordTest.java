package io.faceembed.sinks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdbcPasswordTest {

    @TempDir
    Path home;

    private final JdbcSettings settings = JdbcSettings.parse(
            "jdbc:postgresql://db.example:6543/faces?user=alice&table=vision.embeddings&sslmode=require", 500,
            Map.of());

    @Test
    void storeUrlGivesHostPortDatabaseUserTableAndKeepsDriverOptions() {
        assertEquals("db.example", settings.host());
        assertEquals(6543, settings.port());
        assertEquals("faces", settings.database());
        assertEquals("alice", settings.user());
        assertEquals("vision.embeddings", settings.qualifiedTable());
        assertEquals("jdbc:postgresql://db.example:6543/faces?sslmode=require", settings.driverUrl());
        JdbcSettings defaults = JdbcSettings.parse("jdbc:postgresql://h/db", 10, Map.of("PGUSER", "bob"));
        assertEquals(5432, defaults.port());
        assertEquals("bob", defaults.user());
        assertEquals(JdbcSettings.DEFAULT_TABLE, defaults.qualifiedTable());
    }

    @Test
    void pgpassMatchesWildcardsAndEscapedColons() throws IOException {
        writePgpass("# comment\n"
                + "other:6543:faces:alice:not-this\n"
                + "db.example:*:faces:bob:nor-this\n"
                + "db.example:*:*:alice:s3cr\\:et\\\\x:y\n");
        JdbcPassword password = JdbcPassword.resolve(settings, null, Map.of(), home);
        assertEquals("s3cr:et\\x:y", password.reveal());
        assertEquals("****", password.toString());
    }

    @Test
    void worldReadablePgpassIsIgnoredLikeLibpq() throws IOException {
        writePgpass("*:*:*:*:open\n");
        Files.setPosixFilePermissions(home.resolve(".pgpass"), PosixFilePermissions.fromString("rw-r--r--"));
        assertFalse(JdbcPassword.resolve(settings, null, Map.of(), home).isPresent());
    }

    @Test
    void propertiesFileComesFirstThenEnvironmentThenPgpass() throws IOException {
        writePgpass("*:*:*:*:from-pgpass\n");
        Path props = home.resolve("store.properties");
        Files.writeString(props, "password=from-file\n");
        Map<String, String> env = Map.of("FACEEMBED_JDBC_PASSWORD", "from-env", "PGPASSWORD", "from-pg-env");
        assertEquals("from-file", JdbcPassword.resolve(settings, props, env, home).reveal());
        assertEquals("from-file", JdbcPassword.resolve(settings, null,
                Map.of("FACEEMBED_JDBC_PROPERTIES", props.toString()), home).reveal());
        assertEquals("from-env", JdbcPassword.resolve(settings, null, env, home).reveal());
        assertEquals("from-pg-env", JdbcPassword.resolve(settings, null, Map.of("PGPASSWORD", "from-pg-env"), home)
                .reveal());
        assertEquals("from-pgpass", JdbcPassword.resolve(settings, null, Map.of(), home).reveal());
        assertNull(JdbcPassword.resolve(settings, null, Map.of("PGPASSFILE", home.resolve("none").toString()), home)
                .reveal());
    }

    @Test
    void missingPropertiesFileIsNamedInOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JdbcPassword.resolve(settings, home.resolve("nope.properties"), Map.of(), home));
        assertTrue(e.getMessage().startsWith("--store-properties: no such file"), e.getMessage());
    }

    @Test
    void maskScrubsThePasswordFromAnyText() {
        JdbcPassword password = JdbcPassword.of("hunter2");
        assertEquals("login hunter? no: ****", password.mask("login hunter? no: hunter2"));
    }

    private void writePgpass(String content) throws IOException {
        Path file = home.resolve(".pgpass");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
