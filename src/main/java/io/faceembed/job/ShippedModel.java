package io.faceembed.job;

import io.faceembed.models.CheckedFile;
import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;

/**
 * A checked model file and the broadcast that carries its bytes. Equal by file and broadcast id: every task
 * deserializes its own {@link Broadcast} object, and the {@link PredictorHolder} key must still match.
 */
record ShippedModel(CheckedFile file, Broadcast<byte[]> bytes) implements Serializable {

    @Override
    public boolean equals(Object o) {
        return o instanceof ShippedModel other && file.equals(other.file) && bytes.id() == other.bytes.id();
    }

    @Override
    public int hashCode() {
        return file.hashCode() * 31 + Long.hashCode(bytes.id());
    }
}
