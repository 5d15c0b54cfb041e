package io.faceembed.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.testing.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairsFileTest {

    @TempDir
    Path tmp;

    @Test
    void lfwDevPairsHoldFiveFoldsOf300SameAnd300DifferentPairs() throws IOException {
        Path images = TestPaths.lfwDev().resolve("images");
        PairsFile file = PairsFile.read(TestPaths.lfwDev().resolve("pairs.txt"), images);

        assertEquals(5, file.folds());
        assertTrue(file.foldsFromFile());
        assertEquals(3000, file.pairs().size());
        assertEquals(1500, file.sameCount());
        Map<Integer, List<PairsFile.Pair>> byFold = file.pairs().stream().collect(Collectors.groupingBy(PairsFile.Pair::fold));
        for (int f = 0; f < 5; f++) {
            assertEquals(600, byFold.get(f).size());
            assertEquals(300, byFold.get(f).stream().filter(PairsFile.Pair::same).count());
        }

        PairsFile.Pair first = file.pairs().get(0);
        assertEquals(2, first.line());
        assertEquals("Abel_Pacheco 1 4", first.label());
        assertEquals(images.resolve("Abel_Pacheco/Abel_Pacheco_0001.jpg"), first.left());
        assertEquals(images.resolve("Abel_Pacheco/Abel_Pacheco_0004.jpg"), first.right());
        assertTrue(first.same());

        PairsFile.Pair firstDifferent = file.pairs().get(300);
        assertEquals("Abdel_Madi_Shabneh 1 Dean_Barker 1", firstDifferent.label());
        assertEquals(images.resolve("Dean_Barker/Dean_Barker_0001.jpg"), firstDifferent.right());
        assertFalse(firstDifferent.same());
        assertEquals(0, firstDifferent.fold());
        assertEquals(1, file.pairs().get(600).fold());

        assertTrue(file.pairs().stream().allMatch(p -> Files.isRegularFile(p.left()) && Files.isRegularFile(p.right())),
                "every image path of pairs.txt exists under lfw-dev/images");
    }

    @Test
    void sampleCsvHolds201SameAnd201DifferentPairsInTenFoldsBalancedByClass() throws IOException {
        PairsFile file = PairsFile.read(TestPaths.sample().resolve("pairs.csv"), null);

        assertEquals(402, file.pairs().size());
        assertEquals(201, file.sameCount());
        assertEquals(10, file.folds());
        assertFalse(file.foldsFromFile());
        PairsFile.Pair first = file.pairs().get(0);
        assertEquals(2, first.line());
        assertEquals(TestPaths.sample().resolve("people/Abdullah_Gul/Abdullah_Gul_0001.jpg").toAbsolutePath(),
                first.left().toAbsolutePath());
        assertEquals(0, first.fold());
        assertEquals(1, file.pairs().get(1).fold());
        assertEquals(0, file.pairs().get(201).fold(), "the first different pair starts the round again");
        assertEquals(0, file.pairs().get(211).fold());
        Map<Integer, Long> sizes = file.pairs().stream().collect(Collectors.groupingBy(PairsFile.Pair::fold, Collectors.counting()));
        assertTrue(sizes.values().stream().allMatch(n -> n >= 40 && n <= 42), "fold sizes " + sizes);
        for (int f = 0; f < 10; f++) {
            int fold = f;
            long same = file.pairs().stream().filter(p -> p.fold() == fold && p.same()).count();
            long different = file.pairs().stream().filter(p -> p.fold() == fold && !p.same()).count();
            assertTrue(same >= 20 && same <= 21 && different >= 20 && different <= 21,
                    "fold " + fold + " holds both classes: " + same + " same, " + different + " different");
        }
        assertTrue(file.pairs().stream().allMatch(p -> Files.isRegularFile(p.left()) && Files.isRegularFile(p.right())));
    }

    @Test
    void csvAcceptsTrueFalseQuotedPathsAndAnyColumnOrder() throws IOException {
        Files.createDirectories(tmp.resolve("imgs"));
        Files.writeString(tmp.resolve("imgs/a, b.jpg"), "x");
        Path csv = write("p.csv", "same,left,right\ntrue,\"a, b.jpg\",c.jpg\nFALSE,c.jpg,d.jpg\n");

        PairsFile file = PairsFile.read(csv, tmp.resolve("imgs"));

        assertEquals(2, file.pairs().size());
        assertEquals(2, file.folds(), "fewer pairs than 10 give one fold per pair");
        assertTrue(file.pairs().get(0).same());
        assertEquals(tmp.resolve("imgs/a, b.jpg"), file.pairs().get(0).left(), "found under the images folder");
        assertEquals(tmp.resolve("c.jpg"), file.pairs().get(0).right(), "not under images: the CSV's folder");
        assertFalse(file.pairs().get(1).same());
    }

    @Test
    void singleNumberLfwHeaderIsOneBlockCutIntoTenFolds() throws IOException {
        StringBuilder s = new StringBuilder("10\n");
        for (int i = 1; i <= 10; i++) {
            s.append("A ").append(i).append(" ").append(i + 1).append('\n');
        }
        for (int i = 1; i <= 10; i++) {
            s.append("A ").append(i).append(" B ").append(i).append('\n');
        }
        PairsFile file = PairsFile.read(write("dev.txt", s.toString()), tmp);
        assertEquals(20, file.pairs().size());
        assertEquals(10, file.folds());
        assertFalse(file.foldsFromFile());
        assertEquals(tmp.resolve("B/B_0010.jpg"), file.pairs().get(19).right());
    }

    @Test
    void malformedLfwLineIsReportedWithFileAndLineNumber() throws IOException {
        Path f = write("pairs.txt", "2 1\nA 1 2\nA 1 B x\nC 1 2\nC 1 D 1\n");
        PairsFormatException e = assertThrows(PairsFormatException.class, () -> PairsFile.read(f, tmp));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith(f + ":3: "), e.getMessage());
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void sameLineWhereADifferentLineBelongsIsRejected() throws IOException {
        Path f = write("pairs.txt", "2 1\nA 1 2\nA 1 3\nC 1 2\nC 1 D 1\n");
        PairsFormatException e = assertThrows(PairsFormatException.class, () -> PairsFile.read(f, tmp));
        assertTrue(e.getMessage().startsWith(f + ":3: expected a different-person line"), e.getMessage());
    }

    @Test
    void truncatedAndOverlongLfwFilesAreRejected() throws IOException {
        Path shortFile = write("short.txt", "2 1\nA 1 2\nA 1 B 1\nC 1 2\n");
        assertTrue(assertThrows(PairsFormatException.class, () -> PairsFile.read(shortFile, tmp)).getMessage()
                .contains(":5: file ends after 3 pairs"));
        Path longFile = write("long.txt", "2 1\nA 1 2\nA 1 B 1\nC 1 2\nC 1 D 1\nE 1 2\n");
        assertTrue(assertThrows(PairsFormatException.class, () -> PairsFile.read(longFile, tmp)).getMessage()
                .contains(":6: more lines"));
    }

    @Test
    void malformedCsvLinesAreReportedWithFileAndLineNumber() throws IOException {
        Path badSame = write("a.csv", "left,right,same\na.jpg,b.jpg,1\n\na.jpg,c.jpg,maybe\n");
        PairsFormatException e = assertThrows(PairsFormatException.class, () -> PairsFile.read(badSame, tmp));
        assertEquals(badSame + ":4: column 'same' must be 1/0 or true/false, found 'maybe'", e.getMessage());

        Path missingField = write("b.csv", "left,right,same\na.jpg,1\n");
        assertTrue(assertThrows(PairsFormatException.class, () -> PairsFile.read(missingField, tmp)).getMessage()
                .startsWith(missingField + ":2: expected 3 fields"));

        Path noSame = write("c.csv", "left,right,label\na.jpg,b.jpg,1\n");
        assertTrue(assertThrows(PairsFormatException.class, () -> PairsFile.read(noSame, tmp)).getMessage()
                .startsWith(noSame + ":1: the CSV header has no 'same' column"));
    }

    @Test
    void fileThatIsNeitherFormatIsRejectedAtItsFirstLine() throws IOException {
        Path f = write("x.txt", "\nhello world\n");
        assertTrue(assertThrows(PairsFormatException.class, () -> PairsFile.read(f, tmp)).getMessage()
                .startsWith(f + ":2: expected an LFW header"));
    }

    private Path write(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content);
        return p;
    }
}
