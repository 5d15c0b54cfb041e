package io.faceembed.audit;

import io.faceembed.testing.TestFiles;
import io.faceembed.testing.TestPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * A copy of sample/people with three planted faults, embedded into a Delta table: an image of one person in
 * another's folder, an image copied within its folder under another name, and a whole folder copied under another
 * name.
 */
public final class PlantedCollection {

    /** Queen Elizabeth II's first portrait, planted in Muhammad Ali's folder. */
    public static final String WRONG_IMAGE = "Muhammad_Ali/Muhammad_Ali_0099.jpg";
    public static final String WRONG_IMAGE_SOURCE = "Queen_Elizabeth_II/Queen_Elizabeth_II_0001.jpg";
    public static final String DUPLICATE_ORIGINAL = "Bob_Hope/Bob_Hope_0002.jpg";
    public static final String DUPLICATE_COPY = "Bob_Hope/Bob_Hope_0002 (copy).jpg";
    public static final String FOLDER_ORIGINAL = "Kim_Clijsters";
    public static final String FOLDER_COPY = "Kim_Clijsters_backup";

    public final Path images;
    public final Path table;

    private PlantedCollection(Path images, Path table) {
        this.images = images;
        this.table = table;
    }

    public static PlantedCollection create(SparkSession spark, Path dir) {
        PlantedCollection planted = plant(dir);
        EmbeddedTree.writeDelta(spark, planted.images, planted.table);
        return planted;
    }

    /** The planted copy under {@code dir}/people, not embedded yet; the table is to be {@code dir}/embeddings. */
    public static PlantedCollection plant(Path dir) {
        Path images = dir.resolve("people");
        try {
            TestFiles.copyTree(TestPaths.people(), images);
            Files.copy(images.resolve(WRONG_IMAGE_SOURCE), images.resolve(WRONG_IMAGE));
            Files.copy(images.resolve(DUPLICATE_ORIGINAL), images.resolve(DUPLICATE_COPY));
            TestFiles.copyTree(images.resolve(FOLDER_ORIGINAL), images.resolve(FOLDER_COPY));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PlantedCollection(images, dir.resolve("embeddings"));
    }

    public String store() {
        return "delta:" + table;
    }
}
