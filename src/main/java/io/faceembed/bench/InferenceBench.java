package io.faceembed.bench;

import io.faceembed.imaging.DecodeStats;
import io.faceembed.imaging.DecodedImage;
import io.faceembed.imaging.ImageDecodeException;
import io.faceembed.imaging.ImageDecoder;
import io.faceembed.inference.Detection;
import io.faceembed.inference.FaceChip;
import io.faceembed.inference.FacePipeline;
import io.faceembed.inference.FaceRef;
import io.faceembed.inference.FaceSources;
import io.faceembed.inference.PixelBox;
import io.faceembed.inference.align.ChipSampler;
import io.faceembed.inference.landmarks.FaceLandmark68Detector;
import java.util.ArrayList;
import java.util.List;

/**
 * Times decode, detect and embed, each alone, batched as the job runs them and one image (or face) at a time as
 * the seed did. Every timed pass is preceded by an untimed warm-up on a few items (ONNX Runtime plans its memory
 * on the first runs, the JIT compiles the pre-processing).
 */
public final class InferenceBench {

    private static final int WARM_UP = 4;

    private final ImageDecoder decoder = new ImageDecoder();
    private final ImageDecoder imageIo = ImageDecoder.imageIoOnly(decoder.limits());

    public List<DecodedImage> decodeAll(List<byte[]> files) {
        List<DecodedImage> images = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            images.add(decode(files.get(i), i));
        }
        return images;
    }

    /** Images decoded per second on {@code threads} threads, by the job's decoder. */
    public Rate decode(List<byte[]> files, int threads) {
        return decode(decoder, files, threads);
    }

    /**
     * The job's decoder and ImageIO alone (the decoder before the native JPEG path) on the same files, in turns
     * (job's, ImageIO, job's, ImageIO) so that both see the same machine; each rate over its two passes.
     */
    public Rate[] decodeAgainstImageIo(List<byte[]> files, int threads) {
        // the job's decoder is warm from decodeAll; ImageIO's code gets as many untimed images (up to 100)
        decode(imageIo, files.subList(0, Math.min(100, files.size())), threads);
        Rate[] sums = new Rate[2];
        for (int pass = 0; pass < 2; pass++) {
            sums[0] = Rate.sum(sums[0], decode(decoder, files, threads));
            sums[1] = Rate.sum(sums[1], decode(imageIo, files, threads));
        }
        return sums;
    }

    /** Which decoder took which images, how, and at what cost; and what the native path declined. */
    public DecodeStats decodeStats() {
        return decoder.stats();
    }

    private Rate decode(ImageDecoder d, List<byte[]> files, int threads) {
        Parallel.forEachBatch(files.subList(0, Math.min(WARM_UP * threads, files.size())), 1, threads,
                b -> decode(d, b.get(0), 0));
        Stopwatch w = Stopwatch.start();
        Parallel.forEachBatch(files, 1, threads, b -> decode(d, b.get(0), 0));
        return w.stop(files.size());
    }

    /** Images through the detector per second, {@code batch} images per call, {@code threads} concurrent calls. */
    public Rate detect(BenchModels models, List<DecodedImage> images, int batch, int threads) {
        Parallel.forEachBatch(warmUp(images, batch, threads), batch, threads, models.detector::detect);
        Stopwatch w = Stopwatch.start();
        Parallel.forEachBatch(images, batch, threads, models.detector::detect);
        return w.stop(images.size());
    }

    /**
     * Decoded images per second through the GPU path's CPU work alone ({@link CpuSidePipeline}: detector input,
     * landmark crop and chip; no networks, no Spark, no decode), {@code batch} images per call on {@code threads}.
     */
    public Rate prepare(List<DecodedImage> images, int batch, int threads) {
        CpuSidePipeline cpuSide = new CpuSidePipeline();
        Parallel.forEachBatch(warmUp(images, batch, threads), batch, threads, cpuSide::process);
        Stopwatch w = Stopwatch.start();
        Parallel.forEachBatch(images, batch, threads, cpuSide::process);
        return w.stop(images.size());
    }

    /** Chips through the recogniser per second, {@code batch} chips per call, {@code threads} concurrent calls. */
    public Rate embed(BenchModels models, List<FaceChip> chips, int batch, int threads) {
        Parallel.forEachBatch(warmUp(chips, batch, threads), batch, threads, models.embedder::embed);
        Stopwatch w = Stopwatch.start();
        Parallel.forEachBatch(chips, batch, threads, models.embedder::embed);
        return w.stop(chips.size());
    }

    /**
     * The seed's way: one thread, one image at a time through decode -> detect -> landmarks -> align -> embed.
     */
    public Rate oneAtATime(FacePipeline pipeline, List<byte[]> files) {
        for (byte[] f : files.subList(0, Math.min(WARM_UP, files.size()))) {
            pipeline.process(List.of(decode(f, 0)));
        }
        Stopwatch w = Stopwatch.start();
        for (int i = 0; i < files.size(); i++) {
            pipeline.process(List.of(decode(files.get(i), i)));
        }
        return w.stop(files.size());
    }

    /**
     * Faces through the landmark net per second (each face cropped as face-api crops it, one reading per face),
     * {@code batch} faces per call, {@code threads} concurrent calls.
     */
    public Rate landmarks(BenchModels models, List<FaceRef> faces, int batch, int threads) {
        Parallel.forEachBatch(warmUp(faces, batch, threads), batch, threads, models.landmarks::locate);
        Stopwatch w = Stopwatch.start();
        Parallel.forEachBatch(faces, batch, threads, models.landmarks::locate);
        return w.stop(faces.size());
    }

    /** Every face the detector finds in {@code images}. */
    public List<FaceRef> faces(BenchModels models, List<DecodedImage> images) {
        List<FaceRef> faces = new ArrayList<>();
        for (List<DecodedImage> batch : Parallel.batches(images, 16)) {
            List<List<Detection>> found = models.detector.detect(batch);
            for (int i = 0; i < batch.size(); i++) {
                faces.addAll(FaceSources.of(batch.get(i), found.get(i)));
            }
        }
        return faces;
    }

    /** The recogniser's input for each of {@code faces} that the landmark net places. */
    public List<FaceChip> chips(BenchModels models, List<FaceRef> faces) {
        List<FaceChip> chips = new ArrayList<>();
        for (List<FaceRef> batch : Parallel.batches(faces, 16)) {
            List<float[]> points = models.landmarks.locate(batch);
            for (int f = 0; f < batch.size(); f++) {
                if (points.get(f) != null) {
                    chips.add(models.aligner.align(batch.get(f), points.get(f)));
                }
            }
        }
        return chips;
    }

    /** The landmark net's 112x112 input for each of {@code faces}. */
    public List<FaceChip> landmarkCrops(List<FaceRef> faces) {
        int size = FaceLandmark68Detector.INPUT_SIZE;
        List<FaceChip> crops = new ArrayList<>();
        for (FaceRef face : faces) {
            DecodedImage image = face.image();
            Detection d = face.detection();
            PixelBox box = PixelBox.clipLikeFaceApi(d.x1(), d.y1(), d.width(), d.height(), image.width(),
                    image.height());
            if (box != null) {
                float[] chw = new float[3 * size * size];
                ChipSampler.resizeBox(image, box, true, size, chw, 0);
                crops.add(new FaceChip(size, chw));
            }
        }
        return crops;
    }

    private static <T> List<T> warmUp(List<T> items, int batch, int threads) {
        return items.subList(0, Math.min(items.size(), Math.max(WARM_UP, 2 * batch * threads)));
    }

    private DecodedImage decode(byte[] bytes, int index) {
        return decode(decoder, bytes, index);
    }

    private static DecodedImage decode(ImageDecoder d, byte[] bytes, int index) {
        try {
            return d.decode(bytes, "bench image " + index);
        } catch (ImageDecodeException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
