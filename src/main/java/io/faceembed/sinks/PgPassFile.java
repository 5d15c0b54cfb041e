package io.faceembed.sinks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * PostgreSQL's password file, as libpq reads it: lines {@code host:port:database:user:password}, {@code *} matches
 * anything in the first four fields, {@code \:} and {@code \\} escape, {@code #} starts a comment, first match
 * wins. Like libpq, a file that group or others may read is ignored with a warning.
 */
final class PgPassFile {

    private PgPassFile() {
    }

    static Optional<String> lookup(Path file, String host, int port, String database, String user) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            if (tooOpen(file)) {
                System.err.println("WARNING: password file " + file + " has group or world access; ignored "
                        + "(chmod 0600 " + file + ")");
                return Optional.empty();
            }
            String[] wanted = {host, Integer.toString(port), database, user};
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Optional<String> password = match(line, wanted);
                if (password.isPresent()) {
                    return password;
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The password of {@code line} when its first four fields match {@code wanted}. */
    static Optional<String> match(String line, String[] wanted) {
        if (line.isBlank() || line.startsWith("#")) {
            return Optional.empty();
        }
        List<String> fields = split(line);
        if (fields.size() < 5) {
            return Optional.empty();
        }
        for (int i = 0; i < 4; i++) {
            String f = fields.get(i);
            if (!f.equals("*") && !f.equals(wanted[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(fields.get(4));
    }

    private static List<String> split(String line) {
        List<String> fields = new ArrayList<>(5);
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                current.append(line.charAt(++i));
            } else if (c == ':' && fields.size() < 4) {
                fields.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        fields.add(current.toString());
        return fields;
    }

    private static boolean tooOpen(Path file) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            return perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)
                    || perms.contains(PosixFilePermission.GROUP_WRITE)
                    || perms.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}
