package io.faceembed.audit;

import io.faceembed.config.PipelineSpec;
import io.faceembed.imaging.ImageDecodeException;
import io.faceembed.imaging.ImageDecoder;
import io.faceembed.inference.Face;
import io.faceembed.inference.FacePipeline;
import io.faceembed.inference.ImageOutcome;
import io.faceembed.models.PipelineFactory;
import io.faceembed.sinks.ResultSchema;
import io.faceembed.testing.InstalledModels;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Result rows ({@link ResultSchema#SCHEMA}) for every image of a folder tree, made with the real pipeline as the
 * embed job would make them (folder = the first folder below the root, as the job's listing has it). Stands in for the job in
 * tests of what reads its table.
 *
 * <p>The pipeline's outcome for each file content is kept under {@code target/embedding-cache/<signature>/} so that
 * reruns (and byte-identical copies) do not embed again; {@code mvn clean} empties it.
 */
public final class EmbeddedTree {

    private EmbeddedTree() {
    }

    public static List<Row> rows(Path root) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).filter(p -> p.toString().toLowerCase().endsWith(".jpg"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Row> rows = new ArrayList<>();
        Timestamp now = new Timestamp(System.currentTimeMillis());
        try (FacePipeline pipeline = PipelineFactory.open(PipelineSpec.defaults(InstalledModels.dir().toString()))) {
            String signature = pipeline.signature().id();
            Path cache = Path.of("target", "embedding-cache", Integer.toHexString(signature.hashCode()));
            Files.createDirectories(cache);
            for (Path file : files) {
                byte[] bytes = Files.readAllBytes(file);
                Path cached = cache.resolve(HexFormat.of().formatHex(sha256(bytes)));
                List<Object[]> faces = read(cached);
                if (faces == null) {
                    faces = facesOf(pipeline, bytes, file);
                    write(cached, faces);
                }
                rows.addAll(rowsOf(root, file, faces, signature, now));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Per face: face_index, status, reason, box x1 y1 x2 y2, score, landmarks, embedding. */
    private static List<Object[]> facesOf(FacePipeline pipeline, byte[] bytes, Path file) {
        ImageOutcome outcome;
        try {
            outcome = pipeline.process(List.of(new ImageDecoder().decode(bytes, file.toString()))).get(0);
        } catch (ImageDecodeException e) {
            outcome = ImageOutcome.failed(e.getMessage());
        }
        List<Object[]> faces = new ArrayList<>();
        if (outcome.status() != ImageOutcome.Status.OK) {
            faces.add(new Object[] {ResultSchema.NO_FACE_INDEX, outcome.status().column(), outcome.reason(), null,
                    null, null, null, null, null, null});
        }
        for (Face f : outcome.faces()) {
            var d = f.detection();
            faces.add(new Object[] {f.index(), "ok", null, d.x1(), d.y1(), d.x2(), d.y2(), d.score(),
                    boxed(f.landmarks()), boxed(f.embedding())});
        }
        return faces;
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> read(Path cached) {
        if (!Files.isRegularFile(cached)) {
            return null;
        }
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(cached))) {
            return (List<Object[]>) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            return null;
        }
    }

    private static void write(Path cached, List<Object[]> faces) throws IOException {
        Path tmp = cached.resolveSibling(cached.getFileName() + ".tmp");
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(tmp))) {
            out.writeObject(new ArrayList<>(faces));
        }
        Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void writeDelta(SparkSession spark, Path root, Path table) {
        spark.createDataFrame(rows(root), ResultSchema.SCHEMA).write().format("delta").save(table.toString());
    }

    private static List<Row> rowsOf(Path root, Path file, List<Object[]> faces, String signature, Timestamp now)
            throws IOException {
        String rel = root.relativize(file).toString().replace('\\', '/');
        int slash = rel.indexOf('/');
        String folder = slash < 0 ? "" : rel.substring(0, slash); // the identity: the first folder below the root
        long size = Files.size(file);
        long mtime = Files.getLastModifiedTime(file).toMillis();
        List<Row> rows = new ArrayList<>();
        for (Object[] f : faces) {
            Float[] embedding = (Float[]) f[9];
            rows.add(RowFactory.create(rel, folder, size, mtime, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8],
                    embedding, embedding == null ? 0 : embedding.length, "Dlib", "ssd", signature, now));
        }
        return rows;
    }

    private static Float[] boxed(float[] v) {
        if (v == null) {
            return null;
        }
        Float[] out = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
