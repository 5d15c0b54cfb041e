package io.faceembed.sinks;

import java.io.IOException;
import java.io.Serializable;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/** Opens connections to the store and turns driver errors into one-line messages without the password. */
final class JdbcConnector implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Server going away or not yet back: admin/crash shutdown, starting up, too many connections. */
    private static final Set<String> TRANSIENT_STATES = Set.of("57P01", "57P02", "57P03", "53300", "40001", "40P01");
    private static final long FIRST_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final JdbcSettings settings;
    private final JdbcPassword password;

    JdbcConnector(JdbcSettings settings, JdbcPassword password) {
        this.settings = settings;
        this.password = password;
    }

    /**
     * The connector for a {@code --store} URL: settings from the URL and the environment, the password from
     * {@code storeProperties} (may be null), the environment or ~/.pgpass ({@link JdbcPassword}).
     */
    static JdbcConnector forStore(String storeUrl, Path storeProperties, int batchSize) {
        Map<String, String> env = System.getenv();
        JdbcSettings settings = JdbcSettings.parse(storeUrl, batchSize, env);
        JdbcPassword password = JdbcPassword.resolve(settings, storeProperties, env,
                Path.of(System.getProperty("user.home")));
        return new JdbcConnector(settings, password);
    }

    JdbcSettings settings() {
        return settings;
    }

    Connection open() throws SQLException {
        Properties props = connectionProperties();
        Connection connection = DriverManager.getConnection(settings.driverUrl(), props);
        connection.setAutoCommit(false);
        return connection;
    }

    /** Driver properties: for direct connections and for Spark's JDBC reader. */
    Properties connectionProperties() {
        Properties props = new Properties();
        props.setProperty("user", settings.user());
        if (password.isPresent()) {
            props.setProperty("password", password.reveal());
        }
        props.setProperty("ApplicationName", "faceembed");
        props.setProperty("connectTimeout", "10");
        props.setProperty("tcpKeepAlive", "true");
        return props;
    }

    /** One try at a transaction on the store; it opens (or reopens) its own connection. */
    @FunctionalInterface
    interface Attempt<T> {
        T run() throws SQLException, IOException;
    }

    /**
     * Runs {@code attempt} until it succeeds. A transient failure ({@link #isTransient}, or an I/O error) is tried
     * again after an exponential backoff, within the retry budget; anything else, or the budget spent, is reported
     * as a {@link JdbcStoreException} whose message says what {@code action} was ("writing to", "reading").
     */
    <T> T retrying(String action, Attempt<T> attempt) {
        long budgetMs = settings.retryBudget().toMillis();
        long deadline = System.currentTimeMillis() + budgetMs;
        long backoff = FIRST_BACKOFF_MS;
        for (int tries = 1; ; tries++) {
            try {
                return attempt.run();
            } catch (SQLException | IOException e) {
                if (e instanceof SQLException sql && !isTransient(sql)) {
                    throw new JdbcStoreException(describeFailure(action, e), e);
                }
                if (System.currentTimeMillis() + backoff > deadline) {
                    throw new JdbcStoreException(describeFailure("gave up after " + tries + " attempts in "
                            + budgetMs / 1000 + " s " + action, e), e);
                }
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JdbcStoreException("interrupted while waiting to retry " + action + " PostgreSQL store "
                        + settings.describe(), e);
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
    }

    /** Lost connection, server shutting down or starting: worth reconnecting and trying the transaction again. */
    static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state))) {
                    return true;
                }
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /** One line for users: what failed, the store, and the driver's first line, with the password masked. */
    String describeFailure(String action, Throwable e) {
        return password.mask(action + " PostgreSQL store " + settings.describe() + ": " + reason(e));
    }

    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof ConnectException) {
                return "connection refused (is the server running and the port right?)";
            }
        }
        if (e instanceof SQLException sql && "28P01".equals(sql.getSQLState())) {
            return "authentication failed for user; check the password (FACEEMBED_JDBC_PASSWORD, PGPASSWORD, "
                    + "--store-properties or ~/.pgpass)";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }
}
