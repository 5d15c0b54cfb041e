package io.faceembed.sinks;

/** How the table stores embeddings: pgvector's {@code vector(n)} or a plain {@code real[]}. */
enum JdbcEmbeddingColumn {
    VECTOR, REAL_ARRAY
}
