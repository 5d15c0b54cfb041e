package io.faceembed.sinks;

/** A store that cannot be used; the message names it and says what to do. */
public class SinkException extends RuntimeException {

    public SinkException(String message) {
        super(message);
    }

    public SinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
