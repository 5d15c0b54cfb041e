package io.faceembed.models;

/** A model file by name with the SHA-256 the driver found (and checked against its manifest, for built-ins). */
public record CheckedFile(String name, String sha256) implements java.io.Serializable {
}
