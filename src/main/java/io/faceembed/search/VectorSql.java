package io.faceembed.search;

import java.util.Locale;

/** Vector arithmetic as Spark SQL expressions over {@code array<float>} columns (exact, in double). */
public final class VectorSql {

    private VectorSql() {
    }

    /** Dot product of two array columns (or array expressions). */
    public static String dot(String a, String b) {
        return "aggregate(zip_with(" + a + ", " + b + ", (x, y) -> cast(x as double) * y), 0D, (s, v) -> s + v)";
    }

    /** Element-wise sum of an array-of-arrays expression, e.g. {@code collect_list(embedding)}, of length dim. */
    public static String sum(String arrays, int dim) {
        return String.format(Locale.ROOT, "aggregate(%s, array_repeat(0D, %d), (acc, e) -> zip_with(acc, e, "
                + "(p, q) -> p + q))", arrays, dim);
    }
}
