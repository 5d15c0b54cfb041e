package io.faceembed.inference;

import java.util.List;

/** What became of one image: its faces, no face at all, or a failure with the reason. */
public record ImageOutcome(Status status, String reason, List<Face> faces) {

    public enum Status {
        OK, NO_FACE, FAILED;

        /** The value stored in the {@code status} column. */
        public String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static ImageOutcome ok(List<Face> faces) {
        return faces.isEmpty() ? noFace() : new ImageOutcome(Status.OK, null, List.copyOf(faces));
    }

    public static ImageOutcome noFace() {
        return new ImageOutcome(Status.NO_FACE, null, List.of());
    }

    public static ImageOutcome failed(String reason) {
        return new ImageOutcome(Status.FAILED, reason, List.of());
    }
}
