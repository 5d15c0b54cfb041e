package io.faceembed.inference;

import io.faceembed.imaging.DecodedImage;
import java.util.List;

/** Finds faces; one list of detections (best first) per input image. Implementations are thread-safe. */
public interface FaceDetector extends AutoCloseable {

    List<List<Detection>> detect(List<DecodedImage> images);

    String name();

    @Override
    void close();
}
