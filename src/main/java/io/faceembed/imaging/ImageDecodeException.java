package io.faceembed.imaging;

/** A file that cannot be turned into pixels; the message is the reason stored in the image's {@code failed} row. */
public class ImageDecodeException extends Exception {

    public ImageDecodeException(String reason) {
        super(reason);
    }

    public ImageDecodeException(String reason, Throwable cause) {
        super(reason, cause);
    }

    /** "name: reason", the form every decode failure takes. */
    static ImageDecodeException forFile(String name, String reason, Throwable cause) {
        return new ImageDecodeException(name + ": " + reason, cause);
    }
}
