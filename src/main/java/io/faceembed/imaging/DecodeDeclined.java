package io.faceembed.imaging;

/**
 * A {@link PixelDecoder} does not take this file (a kind it does not handle, or a file its library reported
 * damaged); the next decoder gets it. Not a failure of the image: the reason is counted and logged.
 */
final class DecodeDeclined extends Exception {

    DecodeDeclined(String reason) {
        super(reason, null, false, false);
    }

    String reason() {
        return getMessage();
    }
}
