package io.faceembed.bench;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.inference.ssd.SsdCanvas;
import io.faceembed.inference.ssd.SsdInput;
import io.faceembed.models.BuiltInModel;
import io.faceembed.models.PipelineFactory;
import io.faceembed.models.Precision;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Each built-in network alone at several batch sizes: the model call only (host-to-device copy, the network,
 * the copy back), on inputs prepared beforehand from real images and chips, from one caller. Shows which batch a
 * device needs and what each network costs per item, apart from the CPU work around it.
 */
public final class ModelSweep {

    /**
     * One network at one batch size and precision; {@code firstCallMs} is the first call of that shape, which
     * plans it and picks its kernels (on a GPU it can cost far more than the steady calls).
     */
    public record Point(String network, String precision, int batch, double itemsPerSecond, double msPerCall,
                        double firstCallMs) {

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("network", network);
            m.put("precision", precision);
            m.put("batch", batch);
            m.put("itemsPerSecond", Math.round(itemsPerSecond * 10) / 10.0);
            m.put("msPerCall", Math.round(msPerCall * 1000) / 1000.0);
            m.put("firstCallMs", Math.round(firstCallMs * 10) / 10.0);
            return m;
        }
    }

    private static final double MIN_SECONDS = 0.6;
    private static final int MIN_CALLS = 3;

    private final Path modelsDir;
    private final SessionOptionsFactory sessions;
    private final List<Integer> batches;
    private final Batches detectorInputs;
    private final Batches landmarkInputs;
    private final Batches recogniserInputs;

    /**
     * Lays out the inputs once, for every precision: the detector's as the job feeds it on these sessions (8-bit
     * pixels on a GPU), the landmark net's and the recogniser's as floats.
     */
    public ModelSweep(Path modelsDir, SessionOptionsFactory sessions, List<Integer> batches,
                      List<DecodedImage> images, List<FaceChip> landmarkCrops, List<FaceChip> chips) {
        this.modelsDir = modelsDir;
        this.sessions = sessions;
        this.batches = List.copyOf(batches);
        int most = batches.stream().mapToInt(Integer::intValue).max().orElse(1);
        this.detectorInputs = detectorInputs(images, most, sessions);
        this.landmarkInputs = stacked(landmarkCrops, most);
        this.recogniserInputs = stacked(chips, most);
    }

    /** Every network at every batch size, in {@code precision}; each point as it is measured. */
    public void run(Precision precision, Consumer<Point> measured) {
        sweep("detector", BuiltInModel.SSD_MOBILENET_V1, precision, detectorInputs, measured);
        sweep("landmarks", BuiltInModel.FACE_LANDMARK_68, precision, landmarkInputs, measured);
        sweep("recogniser", BuiltInModel.FACE_RECOGNITION, precision, recogniserInputs, measured);
    }

    private void sweep(String network, BuiltInModel model, Precision precision, Batches inputs,
                       Consumer<Point> measured) {
        Path file = modelsDir.resolve(model.onnxFile(precision));
        try (OnnxModel m = model == BuiltInModel.SSD_MOBILENET_V1 ? PipelineFactory.detectorModel(file, sessions)
                : new OnnxModel(file, sessions)) {
            for (int batch : batches) {
                Runnable call = inputs.call(m, batch);
                long first = System.nanoTime();
                call.run(); // the first call of a shape plans memory and picks kernels
                double firstMs = (System.nanoTime() - first) / 1e6;
                call.run();
                int calls = 0;
                long t0 = System.nanoTime();
                double seconds;
                do {
                    call.run();
                    calls++;
                    seconds = (System.nanoTime() - t0) / 1e9;
                } while (seconds < MIN_SECONDS || calls < MIN_CALLS);
                measured.accept(new Point(network, precision.name().toLowerCase(java.util.Locale.ROOT), batch,
                        calls * (double) batch / seconds, seconds * 1000 / calls, firstMs));
            }
        }
    }

    /**
     * Items laid out for a network's input: floats, or (the detector on a GPU) 8-bit pixels, each item of shape
     * {@code item}.
     */
    private record Batches(float[] floats, byte[] bytes, long[] item) {

        /** One call of {@code batch} items on {@code model}. */
        Runnable call(OnnxModel model, int batch) {
            long[] dims = new long[item.length + 1];
            dims[0] = batch;
            System.arraycopy(item, 0, dims, 1, item.length);
            long perItem = java.util.Arrays.stream(item).reduce(1, (a, b) -> a * b);
            int values = (int) (batch * perItem);
            if (bytes != null) {
                byte[] input = java.util.Arrays.copyOf(bytes, values);
                return () -> model.run(input, dims);
            }
            float[] input = java.util.Arrays.copyOf(floats, values);
            return () -> model.run(input, dims);
        }
    }

    /**
     * The detector's input for the first {@code n} images (cycling), each alone, as the job feeds it on these
     * sessions: floats on a CPU, on a GPU canvases it resizes itself (or 8-bit 512x512 inputs).
     */
    private static Batches detectorInputs(List<DecodedImage> images, int n, SessionOptionsFactory sessions) {
        long[] square = {3, SsdInput.SIZE, SsdInput.SIZE};
        if (PipelineFactory.detectorResizesOnDevice(sessions)) {
            byte[] canvases = new byte[n * SsdInput.CANVAS_VALUES];
            for (int i = 0; i < n; i++) {
                DecodedImage image = images.get(i % images.size());
                SsdInput.fillCanvas(image, SsdCanvas.of(image), canvases, i);
            }
            return new Batches(null, canvases, new long[] {SsdInput.SIZE + 1, SsdInput.SIZE, 3});
        }
        if (PipelineFactory.detectorTakesUint8(sessions)) {
            byte[] bytes = new byte[n * SsdInput.VALUES_PER_IMAGE];
            for (int i = 0; i < n; i++) {
                DecodedImage image = images.get(i % images.size());
                SsdInput.fill(image, SsdCanvas.of(image), bytes, i);
            }
            return new Batches(null, bytes, square);
        }
        float[] floats = new float[n * SsdInput.VALUES_PER_IMAGE];
        for (int i = 0; i < n; i++) {
            DecodedImage image = images.get(i % images.size());
            SsdInput.fill(image, SsdCanvas.of(image), floats, i);
        }
        return new Batches(floats, null, square);
    }

    private static Batches stacked(List<FaceChip> chips, int n) {
        if (chips.isEmpty()) {
            throw new IllegalStateException("the sweep found no face to feed the landmark net and the recogniser");
        }
        int per = chips.get(0).chw().length;
        float[] all = new float[n * per];
        for (int i = 0; i < n; i++) {
            System.arraycopy(chips.get(i % chips.size()).chw(), 0, all, i * per, per);
        }
        return new Batches(all, null, new long[] {3, chips.get(0).size(), chips.get(0).size()});
    }
}
