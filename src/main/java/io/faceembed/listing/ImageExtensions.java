package io.faceembed.listing;

import java.util.Locale;
import java.util.Set;

/** Which file names are taken as images: by extension, case-insensitive; hidden files never. */
public final class ImageExtensions {

    public static final Set<String> IMAGE_EXTENSIONS =
            Set.of("jpg", "jpeg", "png", "webp", "bmp", "gif", "tif", "tiff");

    private ImageExtensions() {
    }

    public static boolean isHidden(String name) {
        return name.startsWith(".");
    }

    public static boolean isImage(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
