package io.faceembed.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceembed.inference.FaceChip;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.models.convert.CalibratedRanges;
import io.faceembed.models.onnx.ActivationRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Measuring the activation ranges of an 8-bit net's calibration graph, and checking committed ones against them. */
public final class Calibration {

    private static final int BATCH = 16;
    private static final Path SOURCES = Path.of("src/main/resources/io/faceembed/models/convert");

    private Calibration() {
    }

    /**
     * Least and greatest value of each output {@code prefix<i>} (i below {@code points}) of the calibration graph
     * {@code graph} over {@code inputs}, square chips of 3 channels.
     */
    public static List<ActivationRange> measure(Path graph, List<FaceChip> inputs, int points, String prefix) {
        float[] min = new float[points];
        float[] max = new float[points];
        try (OnnxModel model = new OnnxModel(graph, SessionOptionsFactory.cpu(0))) {
            List<String> names = model.outputNames();
            for (int b = 0; b < inputs.size(); b += BATCH) {
                List<FaceChip> batch = inputs.subList(b, Math.min(inputs.size(), b + BATCH));
                int side = batch.get(0).size();
                OnnxModel.Outputs out = model.run(batch.stream().map(FaceChip::chw).toList(), batch.size(), 3, side,
                        side);
                for (int o = 0; o < names.size(); o++) {
                    if (!names.get(o).startsWith(prefix)) {
                        continue;
                    }
                    int p = Integer.parseInt(names.get(o).substring(prefix.length()));
                    for (float v : out.get(o)) {
                        min[p] = Math.min(min[p], v);
                        max[p] = Math.max(max[p], v);
                    }
                }
            }
        }
        List<ActivationRange> ranges = new ArrayList<>();
        for (int p = 0; p < points; p++) {
            ranges.add(new ActivationRange(min[p], max[p]));
        }
        return ranges;
    }

    /**
     * With the system property {@code property} set to {@code write}, writes {@code measured} into the source of
     * resource {@code resource} ({@link CalibratedRanges}) after the comment lines {@code header}; otherwise checks
     * that the committed ranges are the measured ones ({@link #assertSameRanges}).
     */
    public static void checkOrWrite(String property, String resource, List<String> header,
                                    List<ActivationRange> measured, double tolerance) throws IOException {
        if ("write".equals(System.getProperty(property))) {
            Path source = SOURCES.resolve(resource);
            Files.write(source, CalibratedRanges.format(header, measured), StandardCharsets.UTF_8);
            System.out.println("wrote " + source.toAbsolutePath());
            return;
        }
        assertSameRanges(CalibratedRanges.read(resource), measured, tolerance);
    }

    /** Every committed bound lies within {@code tolerance} of its range's width from the measured one. */
    public static void assertSameRanges(List<ActivationRange> committed, List<ActivationRange> measured,
                                        double tolerance) {
        assertEquals(measured.size(), committed.size(), "number of quantization points");
        for (int p = 0; p < committed.size(); p++) {
            ActivationRange c = committed.get(p);
            ActivationRange m = measured.get(p);
            double slack = tolerance * (c.max() - c.min());
            assertTrue(Math.abs(c.min() - m.min()) <= slack && Math.abs(c.max() - m.max()) <= slack,
                    String.format(Locale.ROOT, "point %d: committed [%s, %s], measured [%s, %s]", p, c.min(),
                            c.max(), m.min(), m.max()));
        }
    }
}
