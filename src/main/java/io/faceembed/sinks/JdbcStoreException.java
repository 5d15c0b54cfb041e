package io.faceembed.sinks;

/**
 * A user-facing PostgreSQL store error: one line naming the store (never its password) and what went wrong.
 */
public final class JdbcStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JdbcStoreException(String message) {
        super(message);
    }

    public JdbcStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
