package io.faceembed.inference;

import java.util.List;

/** Turns aligned face chips into embeddings (not yet L2-normalised). Implementations are thread-safe. */
public interface FaceEmbedder extends AutoCloseable {

    float[][] embed(List<FaceChip> chips);

    int dimension();

    String name();

    @Override
    void close();
}
