package io.faceembed.models;

import java.nio.file.Path;
import java.util.List;

/**
 * The files of one pipeline on the driver's disk, checked: {@code dir} holds each of {@code files} under its name
 * (the models folder itself when it is local, else a copy of what the pipeline needs from it).
 *
 * @param source the models folder as the user gave it, for messages
 */
public record StagedModels(String source, Path dir, List<CheckedFile> files) {

    public StagedModels {
        files = List.copyOf(files);
    }
}
