package io.faceembed.listing;

/**
 * One listed image.
 *
 * @param path   relative to the listed root, '/'-separated
 * @param folder the identity label: the first folder of {@code path} below the root ("" for images in the root)
 * @param size   bytes
 * @param mtime  modification time, epoch millis
 */
public record ImageFile(String path, String folder, long size, long mtime) {
}
