package io.faceembed.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where results are stored, parsed from {@code --store}: {@code delta:<path>} (any Hadoop path; the path is the
 * table) or {@code jdbc:postgresql://host[:port]/database[?user=...]}.
 *
 * @param location the Delta table path, or the full JDBC URL
 */
public record StoreSpec(Kind kind, String location) implements java.io.Serializable {

    public enum Kind { DELTA, JDBC }

    public static final String DELTA_PREFIX = "delta:";
    public static final String JDBC_PREFIX = "jdbc:postgresql://";

    private static final Pattern SECRET_PARAM = Pattern.compile("(?i)[?&;](password|pass|pwd)=");

    public static StoreSpec parse(String value) {
        if (value == null || value.isBlank()) {
            throw new SettingsException(EmbedOption.STORE, "is empty; use delta:<path> or jdbc:postgresql://host/db");
        }
        String v = value.strip();
        if (v.toLowerCase(Locale.ROOT).startsWith(DELTA_PREFIX)) {
            String path = v.substring(DELTA_PREFIX.length());
            if (path.isBlank()) {
                throw new SettingsException(EmbedOption.STORE, "'" + v + "' names no path; use delta:<path>");
            }
            return new StoreSpec(Kind.DELTA, path);
        }
        if (v.startsWith(JDBC_PREFIX)) {
            if (SECRET_PARAM.matcher(v).find()) {
                throw new SettingsException(EmbedOption.STORE,
                        "put no password in the URL; set PGPASSWORD or use ~/.pgpass");
            }
            String rest = v.substring(JDBC_PREFIX.length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1 || rest.charAt(slash + 1) == '?') {
                throw new SettingsException(EmbedOption.STORE,
                        "'" + v + "' names no host or database; use jdbc:postgresql://host[:port]/database");
            }
            return new StoreSpec(Kind.JDBC, v);
        }
        throw new SettingsException(EmbedOption.STORE,
                "'" + v + "' is neither delta:<path> nor jdbc:postgresql://host[:port]/database");
    }

    /** Without secrets (none are accepted in the first place). */
    public String describe() {
        return kind == Kind.DELTA ? DELTA_PREFIX + location : location;
    }
}
