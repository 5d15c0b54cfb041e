package io.faceembed.listing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.config.SettingsException;
import io.faceembed.testing.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageListerTest {

    private final ImageLister lister = new ImageLister(new Configuration());
    private final String people = TestPaths.people().toString();

    @Test
    void recursiveWithMinImagesFiveKeeps132OfThe179Portraits() {
        ImageListing l = lister.list(people, true, 5);
        assertEquals(179, l.stats().listed());
        assertEquals(132, l.images().size());
        assertEquals(47, l.stats().skippedMinImages());
        assertEquals(36, l.stats().folders());
        assertEquals(13, l.stats().foldersSkipped());
    }

    @Test
    void withoutRecursiveNestedFoldersAreNotListed() {
        ImageListing l = lister.list(people, false, 5);
        assertEquals(174, l.stats().listed());
        assertEquals(127, l.images().size());
        assertTrue(l.images().stream().noneMatch(f -> f.path().contains("/2003/")));
    }

    @Test
    void minImagesOneKeepsEveryPortrait() {
        assertEquals(179, lister.list(people, true, 1).images().size());
        assertEquals(174, lister.list(people, false, 1).images().size());
    }

    @Test
    void nestedImagesCountTowardTheirPersonFolder() {
        List<ImageFile> jiang = lister.list(people, true, 5).images().stream()
                .filter(f -> f.folder().equals("Jiang_Zemin")).toList();
        assertEquals(10, jiang.size());
        assertEquals(5, jiang.stream().filter(f -> f.path().startsWith("Jiang_Zemin/2003/")).count());
    }

    @Test
    void rowsCarryRelativePathFolderSizeAndMtime() throws IOException {
        ImageFile f = lister.list(people, false, 1).images().get(0);
        Path file = TestPaths.people().resolve(f.path());
        assertEquals(f.folder(), f.path().substring(0, f.path().indexOf('/')));
        assertEquals(Files.size(file), f.size());
        assertEquals(Files.getLastModifiedTime(file).toMillis(), f.mtime());
    }

    @Test
    void hiddenFilesAndNonImagesAreSkippedAndCounted() {
        ImageListing l = lister.list(TestPaths.edge().toString(), false, 1);
        assertEquals(22, l.images().size());
        assertEquals(1, l.stats().hidden());
        assertEquals(1, l.stats().notImages());
        Set<String> names = l.images().stream().map(ImageFile::path).collect(Collectors.toSet());
        assertTrue(names.contains("UPPER CASE.JPG"), "upper-case extension counts as an image");
        assertTrue(names.contains("José Ñúñez 01.jpeg"), "non-ASCII name is kept as is");
        assertTrue(l.images().stream().allMatch(f -> f.folder().isEmpty()), "images in the root form the group ''");
    }

    @Test
    void aFolderSymlinkLoopCannotHangTheWalk(@TempDir Path tmp) throws IOException {
        Path person = Files.createDirectories(tmp.resolve("Alice"));
        Files.write(person.resolve("a.jpg"), new byte[]{1});
        Files.createDirectories(person.resolve("2001"));
        Files.write(person.resolve("2001/b.png"), new byte[]{1});
        Files.createSymbolicLink(person.resolve("2001/loop"), person);
        ImageListing l = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> lister.list(tmp.toString(), true, 1));
        assertEquals(List.of("Alice/2001/b.png", "Alice/a.jpg"), l.images().stream().map(ImageFile::path).toList());
        assertEquals(1, l.stats().linksNotFollowed());
    }

    @Test
    void hiddenFoldersAreNotEntered(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("Bob/.thumbnails"));
        Files.write(tmp.resolve("Bob/.thumbnails/t.jpg"), new byte[]{1});
        Files.write(tmp.resolve("Bob/b.jpg"), new byte[]{1});
        ImageListing l = lister.list(tmp.toString(), true, 1);
        assertEquals(1, l.images().size());
        assertEquals(1, l.stats().hidden());
    }

    @Test
    void aMissingFolderIsAnErrorNamingTheOption(@TempDir Path tmp) {
        SettingsException e = assertThrows(SettingsException.class,
                () -> lister.list(tmp.resolve("nope").toString(), false, 1));
        assertTrue(e.getMessage().startsWith("--folder: "), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void fileUrisWork() {
        assertEquals(132, lister.list(TestPaths.people().toUri().toString(), true, 5).images().size());
    }

    @Test
    void everyFolderOfALargeTreeIsListed(@TempDir Path tmp) throws IOException {
        for (int i = 0; i < 3000; i++) {
            Path d = Files.createDirectories(tmp.resolve(String.format("person_%05d", i)));
            Files.write(d.resolve("1.jpg"), new byte[]{1});
            Files.write(d.resolve("2.jpg"), new byte[]{1});
        }
        ImageListing l = lister.list(tmp.toString(), true, 1);
        assertEquals(6000, l.images().size());
        assertEquals(3000, l.stats().folders());
    }
}
