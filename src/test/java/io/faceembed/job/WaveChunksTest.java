package io.faceembed.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faceembed.listing.ImageFile;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A wave's partitions are whole chunks cut from its start, the last one shorter: the same in every run. */
class WaveChunksTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = Sessions.forTests();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aShortWaveIsCutIntoWholeChunksNotSpreadEvenly() {
        List<ImageFile> wave = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            wave.add(new ImageFile(String.format("p%03d/img.jpg", i), String.format("p%03d", i), 1000 + i, 7));
        }
        EmbedJob job = new EmbedJob(spark, PipelineOpener.MODELS, new PrintStream(OutputStream.nullOutputStream()));
        List<List<Row>> partitions = job.chunked(wave, 100).javaRDD().glom().collect();
        assertEquals(List.of(100, 100, 50), partitions.stream().map(List::size).toList());
        int i = 0;
        for (List<Row> partition : partitions) {
            for (Row row : partition) {
                assertEquals(wave.get(i++).path(), row.getString(row.fieldIndex("path")));
            }
        }
    }
}
