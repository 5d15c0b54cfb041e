package io.faceembed.parity;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.landmarks.LandmarkFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes the inputs of {@code parity/landmarks.js}: portraits decoded as the tests decode them, each with the
 * boxes of {@link #BOXES}. Run: {@code java -cp target/classes:target/test-classes:$(deps)
 * io.faceembed.parity.LandmarkParityInputs <dir>}, then {@code node parity/landmarks.js <dir> <out.json>}.
 */
public final class LandmarkParityInputs {

    /** An even-sized crop, one with an odd padding pixel and fractional edges, one cut by the left border. */
    public static final float[][] BOXES = {
        {70, 70, 180, 190},
        {68.3f, 71.6f, 181.2f, 188.9f},
        {-10.5f, 60.25f, 150, 200},
    };
    public static final int PORTRAITS = 12;

    private LandmarkParityInputs() {
    }

    public static List<Path> portraits() {
        return LandmarkFixtures.portraits(1).subList(0, PORTRAITS);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        StringBuilder index = new StringBuilder("[");
        List<Path> files = portraits();
        for (int i = 0; i < files.size(); i++) {
            DecodedImage img = LandmarkFixtures.read(files.get(i));
            Files.write(dir.resolve(i + ".rgb"), img.rgb());
            for (float[] b : BOXES) {
                index.append(index.length() > 1 ? "," : "").append(String.format(Locale.ROOT,
                        "{\"name\":\"%s\",\"width\":%d,\"height\":%d,\"file\":\"%d.rgb\",\"box\":[%s,%s,%s,%s]}",
                        files.get(i).getFileName(), img.width(), img.height(), i, b[0], b[1], b[2], b[3]));
            }
        }
        Files.writeString(dir.resolve("index.json"), index.append("]"));
    }
}
