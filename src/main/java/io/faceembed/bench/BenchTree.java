package io.faceembed.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A folder-per-person tree for throughput runs, as {@code shared/faces/make_big_tree.sh} builds it: {@code folders}
 * folders {@code person_00000, ...} holding 1, 2, 3, 1, 2, 3, ... images, hard links to the source images taken in
 * sorted order and cycled (copies where a link cannot be made). A finished tree is marked by a file beside it and
 * reused.
 */
public final class BenchTree {

    private BenchTree() {
    }

    /** Images a tree of {@code folders} folders holds. */
    public static long imageCount(int folders) {
        long full = folders / 3;
        int rest = folders % 3;
        return full * 6 + (rest == 0 ? 0 : rest == 1 ? 1 : 3);
    }

    public static Path build(Path sourceImages, Path target, int folders) {
        Path done = target.resolveSibling(target.getFileName() + ".done");
        if (Files.isDirectory(target) && Files.isRegularFile(done)) {
            return target;
        }
        List<Path> images = sourceImages(sourceImages);
        try {
            Files.createDirectories(target);
            int k = 0;
            for (int f = 0; f < folders; f++) {
                Path dir = target.resolve(String.format(Locale.ROOT, "person_%05d", f));
                Files.createDirectories(dir);
                for (int j = 0; j < f % 3 + 1; j++, k++) {
                    Path img = images.get(k % images.size());
                    link(img, dir.resolve("img_" + j + "." + extension(img)));
                }
            }
            Files.writeString(done, folders + " folders from " + sourceImages.toAbsolutePath() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the bench tree " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    private static List<Path> sourceImages(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--source " + dir + " is not a folder of images");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> images = walk.filter(Files::isRegularFile)
                    .filter(p -> extension(p).matches("(?i)jpe?g|png"))
                    .sorted()
                    .toList();
            if (images.isEmpty()) {
                throw new IllegalArgumentException("--source " + dir + " holds no .jpg, .jpeg or .png image");
            }
            return images;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list --source " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void link(Path source, Path link) throws IOException {
        Files.deleteIfExists(link);
        try {
            Files.createLink(link, source);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(source, link, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }
}
