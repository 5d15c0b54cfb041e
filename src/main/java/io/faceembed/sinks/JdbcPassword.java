package io.faceembed.sinks;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The store password, kept out of every string: {@link #toString()} is masked and {@link #mask(String)} scrubs it
 * from messages. It is serialized to executors, which open their own connections.
 *
 * <p>Looked up in this order, first found wins:
 * <ol>
 *   <li>the {@code password} key of the {@code --store-properties} file;</li>
 *   <li>the {@code password} key of the file named by {@code FACEEMBED_JDBC_PROPERTIES};</li>
 *   <li>{@code FACEEMBED_JDBC_PASSWORD}, then {@code PGPASSWORD};</li>
 *   <li>the password file {@code PGPASSFILE}, else {@code ~/.pgpass} (see {@link PgPassFile}).</li>
 * </ol>
 * None found means no password (trust or certificate authentication).
 */
public final class JdbcPassword implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final JdbcPassword NONE = new JdbcPassword(null);

    private final String value;

    private JdbcPassword(String value) {
        this.value = value;
    }

    public static JdbcPassword of(String value) {
        return value == null || value.isEmpty() ? NONE : new JdbcPassword(value);
    }

    public static JdbcPassword none() {
        return NONE;
    }

    /** Resolves the password for {@code settings}; {@code storeProperties} (--store-properties) may be null. */
    public static JdbcPassword resolve(JdbcSettings settings, Path storeProperties, Map<String, String> env,
                                       Path home) {
        if (storeProperties != null) {
            return of(passwordProperty(storeProperties, "--store-properties"));
        }
        String envProperties = env.get("FACEEMBED_JDBC_PROPERTIES");
        if (envProperties != null && !envProperties.isBlank()) {
            return of(passwordProperty(Path.of(envProperties), "FACEEMBED_JDBC_PROPERTIES"));
        }
        for (String name : new String[] {"FACEEMBED_JDBC_PASSWORD", "PGPASSWORD"}) {
            String v = env.get(name);
            if (v != null && !v.isEmpty()) {
                return of(v);
            }
        }
        String passFile = env.get("PGPASSFILE");
        Path file = passFile != null && !passFile.isBlank() ? Path.of(passFile) : home.resolve(".pgpass");
        Optional<String> fromFile = PgPassFile.lookup(file, settings.host(), settings.port(), settings.database(),
                settings.user());
        return of(fromFile.orElse(null));
    }

    private static String passwordProperty(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + ": no such file " + file);
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(option + ": cannot read " + file, e);
        }
        String password = props.getProperty("password");
        if (password == null) {
            throw new IllegalArgumentException(option + ": " + file + " has no 'password' entry");
        }
        return password;
    }

    public boolean isPresent() {
        return value != null;
    }

    /** The clear text, only for the driver's connection properties. */
    String reveal() {
        return value;
    }

    /** {@code text} with every occurrence of the password replaced by {@code ****}. */
    public String mask(String text) {
        if (text == null || value == null || value.length() < 1) {
            return text;
        }
        return text.replace(value, "****");
    }

    @Override
    public String toString() {
        return value == null ? "(none)" : "****";
    }
}
