package io.faceembed.models;

/**
 * A model name the user gave cannot be used: its file is missing, its family has no adapter, or the name is unknown.
 * The message is one line naming the model, the expected path and what to do.
 */
public final class ModelUnavailableException extends RuntimeException {

    public ModelUnavailableException(String message) {
        super(message);
    }
}
