package io.faceembed.inference.ssd;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.inference.Detection;
import io.faceembed.inference.FaceDetector;
import io.faceembed.inference.onnx.OnnxModel;
import io.faceembed.models.convert.SsdMobilenetV1Converter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * face-api's SSD MobileNetV1 face detector on the graph made by {@link SsdMobilenetV1Converter}. A call runs all
 * its images as one batch; with {@link SsdSettings#mosaic()} images smaller than the input share inputs, sixteen
 * or four to one ({@link SsdMosaic}; on a CPU only), and those where the mosaic found nothing, or only small
 * faces, are shown alone, as face-api shows them, before any retry. With {@link SsdSettings#retryPadded()} the
 * images where nothing was found run once more as a second batch, each padded by half its size on every side; with
 * {@link SsdSettings#hasFallback()} the images still empty are searched again (plain, then padded) at the lower
 * fallback threshold, keeping the best box. On a CPU the batch runs one input (an image, or a mosaic) per session
 * call (see {@link #maxImagesPerRun}).
 * Owns (and closes) its model.
 */
public final class SsdMobilenetDetector implements FaceDetector {

    private final OnnxModel model;
    private final SsdSettings settings;
    private final SsdDecoder decoder;
    private final SsdDecoder fallbackDecoder;
    private final int boxesOutput;
    private final int scoresOutput;
    private final int maxRun;

    public SsdMobilenetDetector(OnnxModel model, SsdSettings settings) {
        this.model = model;
        this.settings = settings.withMosaic(settings.mosaic() && mosaicPays(model.provider()) && !model.takesUint8());
        this.decoder = new SsdDecoder(settings);
        this.fallbackDecoder = new SsdDecoder(settings.withMinConfidence(
                settings.hasFallback() ? settings.fallbackMinConfidence() : settings.minConfidence()));
        this.boxesOutput = outputIndex(model, SsdMobilenetV1Converter.BOXES);
        this.scoresOutput = outputIndex(model, SsdMobilenetV1Converter.SCORES);
        this.maxRun = maxImagesPerRun(model.provider());
    }

    /**
     * Mosaics only on a CPU, where sixteen portraits in one input cost a sixteenth of the work. They make an
     * image's faces depend a little on its neighbours in the mosaic; a GPU runs separate inputs in one batch at
     * little cost, so there each image is seen alone and its result depends on nothing else.
     */
    static boolean mosaicPays(String provider) {
        return "CPU".equals(provider);
    }

    /**
     * On a CPU one 512x512 image per run: a batch's activations (8 MB per image after the first layer) no longer
     * fit in the caches, and measured on 2 cores a batch of 16 ran 2-3x slower per image than 16 single runs;
     * concurrent callers (one per Spark task) keep the cores busy instead. GPUs take the whole batch.
     */
    static int maxImagesPerRun(String provider) {
        return "CPU".equals(provider) ? 1 : Integer.MAX_VALUE;
    }

    public SsdMobilenetDetector(OnnxModel model) {
        this(model, SsdSettings.defaults());
    }

    @Override
    public List<List<Detection>> detect(List<DecodedImage> images) {
        List<List<Detection>> results;
        if (settings.mosaic()) {
            results = runMosaics(images);
            lookCloserAtSmallFaces(images, results);
            // A portrait seen only in a mosaic gets face-api's own look before any retry.
            retryEmpty(images, results, SsdMosaic::fits, SsdCanvas::of, decoder, false);
        } else {
            results = run(images, SsdCanvas::of, decoder);
        }
        if (settings.retryPadded()) {
            retryEmpty(images, results, image -> true, SsdCanvas::paddedByHalf, decoder, false);
        }
        if (settings.hasFallback()) {
            retryEmpty(images, results, image -> true, SsdCanvas::of, fallbackDecoder, true);
            if (settings.retryPadded()) {
                retryEmpty(images, results, image -> true, SsdCanvas::paddedByHalf, fallbackDecoder, true);
            }
        }
        return results;
    }

    private void retryEmpty(List<DecodedImage> images, List<List<Detection>> results, Predicate<DecodedImage> which,
                            Function<DecodedImage, SsdCanvas> placement, SsdDecoder with, boolean bestOnly) {
        List<Integer> empty = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            if (results.get(i).isEmpty() && which.test(images.get(i))) {
                empty.add(i);
            }
        }
        if (empty.isEmpty()) {
            return;
        }
        List<DecodedImage> retry = empty.stream().map(images::get).toList();
        List<List<Detection>> found = run(retry, placement, with);
        for (int k = 0; k < empty.size(); k++) {
            List<Detection> faces = found.get(k);
            if (bestOnly && faces.size() > 1) {
                faces = List.of(faces.stream().max(Comparator.comparingDouble(Detection::score)).get());
            }
            results.set(empty.get(k), faces);
        }
    }

    /** Images that fit a mosaic cell share inputs, grouped by mosaic; the others run alone. Results in input order. */
    private List<List<Detection>> runMosaics(List<DecodedImage> images) {
        Map<SsdMosaic, List<Integer>> groups = new TreeMap<>(Comparator.comparingInt(SsdMosaic::grid));
        List<Integer> large = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Optional<SsdMosaic> mosaic = SsdMosaic.forImage(images.get(i));
            if (mosaic.isPresent()) {
                groups.computeIfAbsent(mosaic.get(), m -> new ArrayList<>()).add(i);
            } else {
                large.add(i);
            }
        }
        List<List<Detection>> results = new ArrayList<>(Collections.nCopies(images.size(), null));
        List<List<Detection>> alone = run(large.stream().map(images::get).toList(), SsdCanvas::of, decoder);
        for (int k = 0; k < large.size(); k++) {
            results.set(large.get(k), alone.get(k));
        }
        groups.forEach((mosaic, members) -> {
            int perRun = (int) Math.min((long) maxRun * mosaic.cells(), Integer.MAX_VALUE);
            for (int from = 0; from < members.size(); from += perRun) {
                List<Integer> part = members.subList(from, Math.min(members.size(), from + perRun));
                List<List<Detection>> found = runMosaicsOnce(mosaic, part.stream().map(images::get).toList());
                for (int k = 0; k < part.size(); k++) {
                    results.set(part.get(k), found.get(k));
                }
            }
        });
        return results;
    }

    /**
     * Images whose faces were all small in their cell ({@link SsdMosaic#onlySmallFaces}) are shown alone, enlarged
     * as face-api shows them, and what that finds speaks for them; images without a face are left to the retries.
     */
    private void lookCloserAtSmallFaces(List<DecodedImage> images, List<List<Detection>> results) {
        List<Integer> small = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            if (SsdMosaic.fits(images.get(i)) && !results.get(i).isEmpty()
                    && SsdMosaic.onlySmallFaces(results.get(i), images.get(i))) {
                small.add(i);
            }
        }
        List<List<Detection>> found = run(small.stream().map(images::get).toList(), SsdCanvas::of, decoder);
        for (int k = 0; k < small.size(); k++) {
            if (!found.get(k).isEmpty()) {
                results.set(small.get(k), found.get(k));
            }
        }
    }

    private List<List<Detection>> runMosaicsOnce(SsdMosaic mosaic, List<DecodedImage> images) {
        int n = images.size();
        int inputs = (n + mosaic.cells() - 1) / mosaic.cells();
        float[] batch = new float[inputs * SsdInput.VALUES_PER_IMAGE];
        List<SsdCanvas> canvases = new ArrayList<>(n);
        List<DecodedImage> shown = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            shown.add(mosaic.fitted(images.get(i)));
            SsdCanvas canvas = mosaic.canvas(shown.get(i), i % mosaic.cells());
            canvases.add(canvas);
            SsdInput.place(shown.get(i), canvas, batch, i / mosaic.cells());
        }
        OnnxModel.Outputs out = model.run(batch, inputs, 3, SsdInput.SIZE, SsdInput.SIZE);
        float[] boxes = out.get(boxesOutput);
        float[] scores = out.get(scoresOutput);
        int anchors = scores.length / inputs;
        List<List<Detection>> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<Detection> found = decoder.decodeCentredOn(boxes, scores, i / mosaic.cells(), anchors, shown.get(i),
                    canvases.get(i));
            results.add(backToImage(found, shown.get(i), images.get(i)));
        }
        return results;
    }

    /** Boxes found on the image as shown in its cell, in the image's own pixels. */
    private static List<Detection> backToImage(List<Detection> found, DecodedImage shown, DecodedImage image) {
        if (shown == image) {
            return found;
        }
        float sx = (float) image.width() / shown.width();
        float sy = (float) image.height() / shown.height();
        List<Detection> out = new ArrayList<>(found.size());
        for (Detection d : found) {
            out.add(new Detection(d.x1() * sx, d.y1() * sy, Math.min(image.width(), d.x2() * sx),
                    Math.min(image.height(), d.y2() * sy), d.score(), null));
        }
        return out;
    }

    private List<List<Detection>> run(List<DecodedImage> images, Function<DecodedImage, SsdCanvas> placement,
                                      SsdDecoder decoder) {
        if (images.size() <= maxRun) {
            return runOnce(images, placement, decoder);
        }
        List<List<Detection>> results = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += maxRun) {
            results.addAll(runOnce(images.subList(from, Math.min(images.size(), from + maxRun)), placement, decoder));
        }
        return results;
    }

    private List<List<Detection>> runOnce(List<DecodedImage> images, Function<DecodedImage, SsdCanvas> placement,
                                          SsdDecoder decoder) {
        int n = images.size();
        List<List<Detection>> results = new ArrayList<>(n);
        if (n == 0) {
            return results;
        }
        List<SsdCanvas> canvases = new ArrayList<>(n);
        for (DecodedImage image : images) {
            canvases.add(placement.apply(image));
        }
        OnnxModel.Outputs out = model.takesUint8() ? runOnBytes(images, canvases) : runOnFloats(images, canvases);
        float[] boxes = out.get(boxesOutput);
        float[] scores = out.get(scoresOutput);
        int anchors = scores.length / n;
        for (int i = 0; i < n; i++) {
            results.add(decoder.decode(boxes, scores, i, anchors, images.get(i), canvases.get(i)));
        }
        return results;
    }

    private OnnxModel.Outputs runOnFloats(List<DecodedImage> images, List<SsdCanvas> canvases) {
        float[] batch = new float[images.size() * SsdInput.VALUES_PER_IMAGE];
        for (int i = 0; i < images.size(); i++) {
            SsdInput.fill(images.get(i), canvases.get(i), batch, i);
        }
        return model.run(batch, images.size(), 3, SsdInput.SIZE, SsdInput.SIZE);
    }

    private OnnxModel.Outputs runOnBytes(List<DecodedImage> images, List<SsdCanvas> canvases) {
        if (model.resizesOnDevice()) {
            byte[] batch = new byte[images.size() * SsdInput.CANVAS_VALUES];
            for (int i = 0; i < images.size(); i++) {
                SsdInput.fillCanvas(images.get(i), canvases.get(i), batch, i);
            }
            return model.run(batch, images.size(), SsdInput.SIZE + 1, SsdInput.SIZE, 3);
        }
        byte[] batch = new byte[images.size() * SsdInput.VALUES_PER_IMAGE];
        for (int i = 0; i < images.size(); i++) {
            SsdInput.fill(images.get(i), canvases.get(i), batch, i);
        }
        return model.run(batch, images.size(), 3, SsdInput.SIZE, SsdInput.SIZE);
    }

    private static int outputIndex(OnnxModel model, String name) {
        int i = model.outputNames().indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(model.file() + " is not an SSD MobileNetV1 graph: it has no output '"
                    + name + "' (outputs: " + model.outputNames() + ")");
        }
        return i;
    }

    public SsdSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return "ssd_mobilenetv1";
    }

    @Override
    public void close() {
        model.close();
    }
}
