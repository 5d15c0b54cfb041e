package io.faceembed.imaging;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/**
 * The ImageIO reader providers per format, TwelveMonkeys first (its JPEG reader handles CMYK/YCCK and ICC
 * profiles that the JDK's refuses).
 *
 * <p>The TwelveMonkeys providers are registered here explicitly: ImageIO scans the classpath with the context
 * class loader of whichever thread touches it first, which on a Spark executor may not see the application jar.
 */
final class ImageReaders {

    private static final List<String> TWELVEMONKEYS_PROVIDERS = List.of(
            "com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi",
            "com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi",
            "com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi",
            "com.twelvemonkeys.imageio.plugins.tiff.BigTIFFImageReaderSpi",
            "com.twelvemonkeys.imageio.plugins.bmp.BMPImageReaderSpi");

    private static final Map<ImageFormat, List<ImageReaderSpi>> PROVIDERS = findProviders();

    private ImageReaders() {
    }

    /** A new reader for {@code format} that accepts this stream, or null if none does. */
    static ImageReader create(ImageFormat format, ImageInputStream in) throws IOException {
        List<ImageReaderSpi> candidates = PROVIDERS.getOrDefault(format, List.of());
        if (candidates.size() == 1) {
            return candidates.get(0).createReaderInstance();
        }
        for (ImageReaderSpi spi : candidates) {
            if (spi.canDecodeInput(in)) {
                return spi.createReaderInstance();
            }
        }
        return null;
    }

    static List<ImageReaderSpi> providers(ImageFormat format) {
        return PROVIDERS.getOrDefault(format, List.of());
    }

    private static Map<ImageFormat, List<ImageReaderSpi>> findProviders() {
        ImageIO.setUseCache(false);
        IIORegistry registry = IIORegistry.getDefaultInstance();
        for (String className : TWELVEMONKEYS_PROVIDERS) {
            register(registry, className);
        }
        Map<ImageFormat, List<ImageReaderSpi>> byFormat = new EnumMap<>(ImageFormat.class);
        for (ImageFormat format : ImageFormat.values()) {
            if (!format.decodable()) {
                continue;
            }
            String name = format.name().toLowerCase();
            List<ImageReaderSpi> found = new ArrayList<>();
            Iterator<ImageReaderSpi> it = registry.getServiceProviders(ImageReaderSpi.class, true);
            while (it.hasNext()) {
                ImageReaderSpi spi = it.next();
                if (Arrays.stream(spi.getFormatNames()).anyMatch(n -> n.equalsIgnoreCase(name))) {
                    found.add(spi);
                }
            }
            found.sort(Comparator.comparing(spi -> spi.getClass().getName().startsWith("com.twelvemonkeys.") ? 0 : 1));
            byFormat.put(format, List.copyOf(found));
        }
        return byFormat;
    }

    private static void register(IIORegistry registry, String className) {
        try {
            Class<?> type = Class.forName(className, true, ImageReaders.class.getClassLoader());
            if (registry.getServiceProviderByClass(type) == null) {
                registry.registerServiceProvider(type.getDeclaredConstructor().newInstance());
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            // plugin jar absent: the format falls back to the JDK's reader, if it has one
        }
    }
}
