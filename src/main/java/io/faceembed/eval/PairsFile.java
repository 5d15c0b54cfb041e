package io.faceembed.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A list of face pairs labelled same / different person, split into folds, read from one of two formats.
 *
 * <p><b>LFW {@code pairs.txt}</b>: first line {@code <folds> <n>}, then per fold n same-person lines
 * {@code name i j} and n different-person lines {@code name1 i name2 j}; image {@code i} of {@code name} is
 * {@code <images>/<name>/<name>_<iiii>.jpg}. A header with a single number {@code n} (LFW's
 * {@code pairsDevTrain.txt}) is one block of n same and n different lines without folds.
 *
 * <p><b>CSV</b>: a header naming the columns {@code left,right,same} (any order), then one pair a line;
 * {@code same} is {@code 1}/{@code 0} or {@code true}/{@code false}. A relative path is looked up under the images
 * folder first, then under the CSV's own folder.
 *
 * <p>When the file gives no folds, the pairs are dealt in file order into {@value #DEFAULT_FOLDS} folds (fewer if
 * there are fewer pairs), each class on its own: the j-th same pair goes to fold {@code j mod 10}, and so does the
 * j-th different pair. Every fold then holds both classes in the file's proportion, as LFW's folds do; cutting a
 * file sorted by class into contiguous blocks would give one-class folds whose threshold, chosen on folds where the
 * other class dominates, misjudges them (0.30 accuracy at AUC 0.59 on the sample pairs).
 *
 * @param source the file read
 * @param folds  number of folds, at least 2
 * @param pairs  the pairs in file order, each knowing its fold
 */
public record PairsFile(Path source, int folds, boolean foldsFromFile, List<Pair> pairs) {

    public static final int DEFAULT_FOLDS = 10;

    private static final Pattern LFW_HEADER = Pattern.compile("\\s*\\d+(\\s+\\d+)?\\s*");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /**
     * One pair of images.
     *
     * @param line  line number in the pairs file (1-based)
     * @param label the pair as the file wrote it, e.g. {@code Zico 1 2}, for messages and the report
     * @param fold  0-based fold
     */
    public record Pair(int line, String label, Path left, Path right, boolean same, int fold) {
    }

    public PairsFile {
        pairs = List.copyOf(pairs);
    }

    public long sameCount() {
        return pairs.stream().filter(Pair::same).count();
    }

    /**
     * Reads {@code file}; {@code images} is where the LFW format's identity folders are (and the first place a
     * CSV's relative paths are looked for), or {@code null} for the pairs file's own folder.
     *
     * @throws PairsFormatException naming the file and line of the first malformed line
     */
    public static PairsFile read(Path file, Path images) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Path folder = file.toAbsolutePath().getParent();
        Path imageRoot = images != null ? images : folder;
        int first = firstContentLine(lines);
        if (first < 0) {
            throw new PairsFormatException(file, 1, "the file is empty; expected '<folds> <n>' or a 'left,right,same' header");
        }
        String header = stripBom(lines.get(first));
        if (LFW_HEADER.matcher(header).matches()) {
            return new LfwReader(file, lines, first, imageRoot).read();
        }
        if (header.contains(",")) {
            return new CsvReader(file, lines, first, images, folder).read();
        }
        throw new PairsFormatException(file, first + 1,
                "expected an LFW header '<folds> <n>' or a CSV header 'left,right,same', found '" + header.strip() + "'");
    }


    private static int firstContentLine(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (!stripBom(lines.get(i)).isBlank()) {
                return i;
            }
        }
        return -1;
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** Deals pairs read without folds into stratified round-robin folds. */
    private static PairsFile withRoundRobinFolds(Path file, int lastLine, List<Pair> unfolded) {
        if (unfolded.size() < 2) {
            throw new PairsFormatException(file, lastLine, "needs at least 2 pairs to evaluate, found " + unfolded.size());
        }
        int folds = Math.min(DEFAULT_FOLDS, unfolded.size());
        List<Pair> pairs = new ArrayList<>(unfolded.size());
        int sameSeen = 0;
        int differentSeen = 0;
        for (Pair p : unfolded) {
            int fold = (p.same() ? sameSeen++ : differentSeen++) % folds;
            pairs.add(new Pair(p.line(), p.label(), p.left(), p.right(), p.same(), fold));
        }
        return new PairsFile(file, folds, false, pairs);
    }

    private record LfwReader(Path file, List<String> lines, int headerIndex, Path images) {

        PairsFile read() {
            String[] head = WHITESPACE.split(lines.get(headerIndex).strip().replace("\uFEFF", ""));
            boolean foldsGiven = head.length == 2;
            int folds = foldsGiven ? positive(head[0], headerIndex, "number of folds") : 1;
            int n = positive(head[head.length - 1], headerIndex, "pairs per fold and class");
            if (foldsGiven && folds < 2) {
                throw new PairsFormatException(file, headerIndex + 1, "needs at least 2 folds, header says " + folds);
            }
            List<Pair> pairs = new ArrayList<>(folds * 2 * n);
            int i = headerIndex + 1;
            for (int fold = 0; fold < folds; fold++) {
                for (int k = 0; k < 2 * n; k++) {
                    boolean same = k < n;
                    i = nextContentLine(i, fold, folds, n, pairs.size());
                    pairs.add(parse(i, same, fold));
                    i++;
                }
            }
            int extra = nextContentLineOrEnd(i);
            if (extra >= 0) {
                throw new PairsFormatException(file, extra + 1, "more lines than the header's " + folds + " x 2 x " + n
                        + " pairs announce");
            }
            return foldsGiven ? new PairsFile(file, folds, true, pairs) : withRoundRobinFolds(file, lines.size(), pairs);
        }

        private int nextContentLine(int from, int fold, int folds, int n, int read) {
            int i = nextContentLineOrEnd(from);
            if (i < 0) {
                throw new PairsFormatException(file, lines.size() + 1, "file ends after " + read + " pairs; the header announces "
                        + folds + " fold(s) of " + n + " same and " + n + " different pairs");
            }
            return i;
        }

        private int nextContentLineOrEnd(int from) {
            for (int i = from; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    return i;
                }
            }
            return -1;
        }

        private Pair parse(int index, boolean same, int fold) {
            String text = lines.get(index).strip();
            String[] t = WHITESPACE.split(text);
            if (same && t.length != 3) {
                throw new PairsFormatException(file, index + 1, "expected a same-person line 'name i j', found '" + text + "'");
            }
            if (!same && t.length != 4) {
                throw new PairsFormatException(file, index + 1,
                        "expected a different-person line 'name1 i name2 j', found '" + text + "'");
            }
            String leftName = t[0];
            int leftIndex = positive(t[1], index, "image number");
            String rightName = same ? t[0] : t[2];
            int rightIndex = positive(t[same ? 2 : 3], index, "image number");
            return new Pair(index + 1, String.join(" ", t), image(leftName, leftIndex), image(rightName, rightIndex), same, fold);
        }

        private Path image(String name, int number) {
            return images.resolve(name).resolve(String.format(Locale.ROOT, "%s_%04d.jpg", name, number));
        }

        private int positive(String token, int index, String what) {
            try {
                int v = Integer.parseInt(token);
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new PairsFormatException(file, index + 1, "expected a positive " + what + ", found '" + token + "'");
        }
    }

    private record CsvReader(Path file, List<String> lines, int headerIndex, Path images, Path folder) {

        PairsFile read() {
            List<String> header = CsvLine.split(stripBom(lines.get(headerIndex)));
            int left = column(header, "left");
            int right = column(header, "right");
            int same = column(header, "same");
            List<Pair> pairs = new ArrayList<>();
            int last = headerIndex + 1;
            for (int i = headerIndex + 1; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                last = i + 1;
                List<String> cells;
                try {
                    cells = CsvLine.split(line);
                } catch (IllegalArgumentException e) {
                    throw new PairsFormatException(file, i + 1, e.getMessage());
                }
                if (cells.size() != header.size()) {
                    throw new PairsFormatException(file, i + 1, "expected " + header.size() + " fields like the header, found "
                            + cells.size() + " in '" + line.strip() + "'");
                }
                String l = cells.get(left).strip();
                String r = cells.get(right).strip();
                if (l.isEmpty() || r.isEmpty()) {
                    throw new PairsFormatException(file, i + 1, "empty image path in '" + line.strip() + "'");
                }
                pairs.add(new Pair(i + 1, l + " " + r, resolve(l), resolve(r), bool(cells.get(same).strip(), i), 0));
            }
            return withRoundRobinFolds(file, last, pairs);
        }

        private int column(List<String> header, String name) {
            for (int c = 0; c < header.size(); c++) {
                if (header.get(c).strip().equalsIgnoreCase(name)) {
                    return c;
                }
            }
            throw new PairsFormatException(file, headerIndex + 1, "the CSV header has no '" + name
                    + "' column; expected 'left,right,same', found '" + lines.get(headerIndex).strip() + "'");
        }

        private boolean bool(String v, int index) {
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "1", "true" -> true;
                case "0", "false" -> false;
                default -> throw new PairsFormatException(file, index + 1,
                        "column 'same' must be 1/0 or true/false, found '" + v + "'");
            };
        }

        private Path resolve(String path) {
            Path p = Path.of(path);
            if (p.isAbsolute()) {
                return p;
            }
            if (images != null && Files.exists(images.resolve(p))) {
                return images.resolve(p);
            }
            return folder.resolve(p);
        }
    }

    /** Splits one CSV line; fields may be double-quoted, with {@code ""} for a quote inside. */
    static final class CsvLine {

        private CsvLine() {
        }

        static List<String> split(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    out.add(cell.toString());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            if (quoted) {
                throw new IllegalArgumentException("unclosed quote in '" + line.strip() + "'");
            }
            out.add(cell.toString());
            return out;
        }
    }
}
