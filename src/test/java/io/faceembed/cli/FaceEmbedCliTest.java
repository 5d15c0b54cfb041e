package io.faceembed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.config.EmbedOption;
import io.faceembed.testing.TestPaths;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaceEmbedCliTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = FaceEmbed.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] embed(String... more) {
        List<String> args = new ArrayList<>(List.of("embed", "--folder", TestPaths.people().toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "--min-images    | -1                                 | --min-images: must be at least 1 (got -1)",
            "--workers       | 0                                  | --workers: must be at least 1 (got 0)",
            "--chunk-size    | 0                                  | --chunk-size: must be at least 1",
            "--db-batch-size | -5                                 | --db-batch-size: must be at least 1",
            "--model-batch   | 0                                  | --model-batch: must be at least 1",
            "--limit         | 0                                  | --limit: must be at least 1",
            "--workers       | many                               | '--workers': 'many' is not an int",
            "--store         | mysql://h/db                       | --store: 'mysql://h/db' is neither",
            "--store         | delta:                             | --store: 'delta:' names no path",
            "--store         | jdbc:postgresql://h/db?password=x  | --store: put no password in the URL",
            "--store         | jdbc:postgresql://                 | --store: 'jdbc:postgresql://' names no host",
            "--device        | tpu                                | --device: 'tpu' is not one of auto, cpu, gpu",
            "--table         | faces;drop                         | --table: 'faces;drop' is not a plain",
            "--augment       | flip                               | --augment: 'flip' is not none, mirror or jitterN",
            "--augment       | jitter1                            | --augment: 'jitter1' is not none, mirror or",
    })
    void aBadValueFailsWithOneLineNamingTheOption(String option, String value, String expected) {
        Run r = run(embed(option, value));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
    }

    @Test
    void aMissingFolderOptionNamesIt() {
        Run r = run("embed");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--folder"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void anUnknownOptionNamesIt() {
        Run r = run(embed("--wrokers", "4"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--wrokers"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void helpListsEveryDeclaredOptionWithItsDefault() {
        Run r = run("embed", "--help");
        assertEquals(0, r.code(), r.err());
        for (EmbedOption o : EmbedOption.values()) {
            assertTrue(r.out().contains(o.flag()), o.flag() + " missing from --help");
            if (o.defaultValue() != null && !o.isSwitch()) {
                assertTrue(r.out().contains("Default: " + o.defaultValue()), o.flag() + " default missing");
            }
        }
    }

    @Test
    void theOptionTableHasARowPerOptionWithItsSparkMapping() {
        String table = EmbedOption.markdownTable();
        assertEquals(EmbedOption.values().length + 2, table.strip().lines().count());
        assertTrue(table.contains("| `--workers N` | `16` |"), table);
        assertTrue(table.contains("local[N]"), table);
        assertTrue(table.contains("unit of work stealing"), table);
    }

    @Test
    void theReadmeShowsTheOptionTableAsDeclared() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        assertTrue(readme.contains(EmbedOption.markdownTable().strip()),
                "README.md's option table differs from EmbedOption.markdownTable(); paste the generated table");
    }

    @Test
    void theTopLevelCommandWithoutAVerbSaysWhatToDo() {
        Run r = run();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("embed"), r.err());
    }
}
