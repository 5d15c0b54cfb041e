package io.faceembed.sinks;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and how the JDBC sink writes, parsed from {@code --store}, e.g.
 * {@code jdbc:postgresql://db.example:5432/faces?user=alice&table=public.face_embeddings}.
 *
 * <p>{@code user} defaults to {@code PGUSER}, then the OS user; {@code table} to {@value #DEFAULT_TABLE}. Other
 * query parameters (sslmode, ...) go to the driver unchanged. A {@code password} parameter is refused: the password
 * comes from the environment, a properties file or ~/.pgpass ({@link JdbcPassword}), never the command line.
 *
 * @param driverUrl   the URL handed to the driver: {@code jdbc:postgresql://host:port/db[?driver options]}
 * @param schema      schema of the table, or null for the search path's first
 * @param batchSize   rows per transaction (whole images: a batch ends at an image boundary)
 * @param retryBudget how long one batch keeps retrying a lost connection before the write fails
 */
public record JdbcSettings(String driverUrl, String host, int port, String database, String user, String schema,
                           String table, int batchSize, Duration retryBudget) implements Serializable {

    public static final String DEFAULT_TABLE = "face_embeddings";
    public static final int DEFAULT_PORT = 5432;
    public static final Duration DEFAULT_RETRY_BUDGET = Duration.ofSeconds(60);
    private static final String PREFIX = "jdbc:postgresql://";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public JdbcSettings {
        requireIdentifier(table, "table");
        if (schema != null) {
            requireIdentifier(schema, "schema");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--db-batch-size must be at least 1, got " + batchSize);
        }
    }

    /** Parses {@code --store}; {@code env} supplies PGUSER. Errors are one line and never echo a password. */
    public static JdbcSettings parse(String storeUrl, int batchSize, Map<String, String> env) {
        if (storeUrl == null || !storeUrl.startsWith(PREFIX)) {
            throw new IllegalArgumentException("--store: a PostgreSQL store is written jdbc:postgresql://host[:port]/"
                    + "database[?user=NAME&table=[SCHEMA.]TABLE]");
        }
        URI uri;
        try {
            uri = new URI(storeUrl.substring("jdbc:".length()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--store: not a valid URL (" + e.getReason() + ")");
        }
        Map<String, String> params = queryParameters(uri.getRawQuery());
        if (params.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("password"))) {
            throw new IllegalArgumentException("--store: remove the password from the URL; give it through "
                    + "FACEEMBED_JDBC_PASSWORD, PGPASSWORD, --store-properties or ~/.pgpass");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("--store: the URL names no host (jdbc:postgresql://host:port/db)");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.isEmpty() || database.contains("/")) {
            throw new IllegalArgumentException("--store: the URL names no database (jdbc:postgresql://host:port/db)");
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();

        String user = Optional.ofNullable(params.remove("user"))
                .or(() -> Optional.ofNullable(env.get("PGUSER")))
                .orElse(System.getProperty("user.name"));
        String qualified = Optional.ofNullable(params.remove("table")).orElse(DEFAULT_TABLE);
        String schema = null;
        String table = qualified;
        int dot = qualified.indexOf('.');
        if (dot >= 0) {
            schema = qualified.substring(0, dot);
            table = qualified.substring(dot + 1);
        }
        requireIdentifier(table, "table");
        if (schema != null) {
            requireIdentifier(schema, "table");
        }

        StringBuilder driverUrl = new StringBuilder(PREFIX).append(uri.getRawAuthority()).append('/')
                .append(uri.getRawPath().substring(1));
        String sep = "?";
        for (Map.Entry<String, String> p : params.entrySet()) {
            driverUrl.append(sep).append(encode(p.getKey())).append('=').append(encode(p.getValue()));
            sep = "&";
        }
        return new JdbcSettings(driverUrl.toString(), uri.getHost(), port, database, user, schema, table, batchSize,
                DEFAULT_RETRY_BUDGET);
    }

    /** The table as written in SQL: validated, unquoted identifiers (so PostgreSQL folds them to lower case). */
    public String qualifiedTable() {
        return schema == null ? table : schema + "." + table;
    }

    /** The store as shown to users: no password can appear here, the URL never holds one. */
    public String describe() {
        return driverUrl + " table=" + qualifiedTable() + " user=" + user;
    }

    private static void requireIdentifier(String name, String what) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("--store: " + what + " name '" + printable(name) + "' is not a plain "
                    + "SQL identifier ([A-Za-z_][A-Za-z0-9_]*, at most 63 characters, optionally schema.table)");
        }
    }

    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key.toLowerCase(Locale.ROOT).equals("password") ? "password" : key, value);
        }
        return params;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
