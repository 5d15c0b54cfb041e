package io.faceembed.listing;

/**
 * What the listing saw and left out.
 *
 * @param listed             image files found (before the --min-images filter)
 * @param folders            identity folders holding at least one image
 * @param skippedMinImages   images in folders with fewer than --min-images images
 * @param foldersSkipped     folders with fewer than --min-images images
 * @param hidden             hidden files and folders (name starting with '.') not looked at
 * @param notImages          files without an image extension
 * @param linksNotFollowed   folder symlinks not followed (local file systems), and folders below the depth bound
 */
public record ListingStats(long listed, long folders, long skippedMinImages, long foldersSkipped, long hidden,
                           long notImages, long linksNotFollowed) {
}
