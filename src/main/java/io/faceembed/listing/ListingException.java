package io.faceembed.listing;

/** A folder that cannot be listed; the message names it and says what to check. */
public class ListingException extends RuntimeException {

    public ListingException(String message, Throwable cause) {
        super(message, cause);
    }
}
