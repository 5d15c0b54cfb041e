package io.faceembed.audit;

import io.faceembed.imaging.DecodedImage;
import io.faceembed.imaging.ImageDecodeException;
import io.faceembed.imaging.ImageDecoder;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Small JPEG thumbnails as {@code data:} URIs, read on the driver from the images folder (any Hadoop path) for the
 * few images a report shows. An image that cannot be read gets no thumbnail, never an error.
 */
final class Thumbnails {

    static final int SIDE = 80;
    private static final long MAX_BYTES = 64L << 20;

    private final Path root;
    private final Configuration conf;
    private final ImageDecoder decoder = new ImageDecoder();
    private final Map<String, Optional<String>> cache = new HashMap<>();

    /** {@code root} may be null: no thumbnails. */
    Thumbnails(String root, Configuration conf) {
        this.root = root == null ? null : new Path(root);
        this.conf = conf;
    }

    Optional<String> dataUri(String relativePath) {
        if (root == null || relativePath == null) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(relativePath, this::make);
    }

    private Optional<String> make(String relativePath) {
        try {
            Path file = new Path(root, relativePath);
            FileSystem fs = file.getFileSystem(conf);
            if (!fs.exists(file) || fs.getFileStatus(file).getLen() > MAX_BYTES) {
                return Optional.empty();
            }
            byte[] bytes;
            try (InputStream in = fs.open(file)) {
                bytes = in.readAllBytes();
            }
            DecodedImage image = decoder.decode(bytes, relativePath);
            return Optional.of("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg(scaled(image))));
        } catch (IOException | ImageDecodeException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static BufferedImage scaled(DecodedImage image) {
        BufferedImage full = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        byte[] rgb = image.rgb();
        for (int y = 0, i = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++, i += 3) {
                full.setRGB(x, y, (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff));
            }
        }
        double f = (double) SIDE / Math.max(image.width(), image.height());
        int w = Math.max(1, (int) Math.round(image.width() * f));
        int h = Math.max(1, (int) Math.round(image.height() * f));
        BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(full, 0, 0, w, h, null);
        g.dispose();
        return small;
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.8f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
