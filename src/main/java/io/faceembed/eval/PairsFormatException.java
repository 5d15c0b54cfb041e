package io.faceembed.eval;

import java.nio.file.Path;

/** A pairs file that cannot be read; the message is one line naming the file and line number. */
public class PairsFormatException extends IllegalArgumentException {

    private final Path file;
    private final int line;

    public PairsFormatException(Path file, int line, String reason) {
        super(file + ":" + line + ": " + reason);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }
}
