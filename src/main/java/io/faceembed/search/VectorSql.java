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

    /** The array scaled to unit length. */
    public static String normalized(String a) {
        return "transform(" + a + ", x -> x / sqrt(" + dot(a, a) + "))";
    }

    /** An array literal of {@code v}. */
    public static String literal(float[] v) {
        StringBuilder sb = new StringBuilder("array(");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%sD", Float.toString(v[i])));
        }
        return sb.append(')').toString();
    }
}
