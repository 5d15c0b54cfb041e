package io.faceembed.sinks;

import io.faceembed.testing.PostgresServer;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** A database on the test server and sinks on it, with the password handed over as users do: a properties file. */
final class JdbcTestStore {

    final PostgresServer server;
    final String database;
    final String url;
    final Path properties;

    JdbcTestStore(String database, boolean withVector, Path tempDir) {
        this.server = PostgresServer.shared();
        this.database = database;
        this.url = server.createDatabase(database, withVector);
        this.properties = tempDir.resolve(database + ".properties");
        try {
            Files.writeString(properties, "password=" + server.password() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JdbcSettings settings(String table, int batchSize) {
        return JdbcSettings.parse(url + "?user=" + server.superuser() + "&table=" + table, batchSize, Map.of());
    }

    JdbcSink sink(SparkSession spark, String table, int batchSize) {
        JdbcSettings settings = settings(table, batchSize);
        return new JdbcSink(spark, settings, JdbcPassword.resolve(settings, properties, Map.of(), tempHome()),
                JdbcTestRows.DIM);
    }

    long count(String sql) {
        try (Connection c = server.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    double value(String sql) {
        try (Connection c = server.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getDouble(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    void execute(String sql) {
        try (Connection c = server.connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private Path tempHome() {
        return properties.getParent();
    }
}
