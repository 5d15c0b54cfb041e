package io.faceembed.search;

import java.util.List;

/** Small vector arithmetic on embeddings (float[] as stored, double for sums). */
public final class Vectors {

    private Vectors() {
    }

    public static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("embeddings of different lengths: " + a.length + " and " + b.length);
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    public static double dot(double[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    public static double[] sum(List<float[]> vectors, int dim) {
        double[] s = new double[dim];
        for (float[] v : vectors) {
            for (int i = 0; i < dim; i++) {
                s[i] += v[i];
            }
        }
        return s;
    }

    /** {@code v} scaled to length 1 (a zero vector stays zero). */
    public static float[] normalized(double[] v) {
        double n = 0;
        for (double x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        float[] out = new float[v.length];
        if (n == 0) {
            return out;
        }
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / n);
        }
        return out;
    }

    public static float[] normalized(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return normalized(d);
    }

    /** A Spark array column's value ({@code scala.collection.Seq} or Java list) as float[]. */
    public static float[] fromColumn(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof float[] f) {
            return f;
        }
        if (value instanceof scala.collection.Seq<?> seq) {
            float[] out = new float[seq.size()];
            scala.collection.Iterator<?> it = seq.iterator();
            for (int i = 0; it.hasNext(); i++) {
                out[i] = ((Number) it.next()).floatValue();
            }
            return out;
        }
        if (value instanceof List<?> list) {
            float[] out = new float[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = ((Number) list.get(i)).floatValue();
            }
            return out;
        }
        throw new IllegalArgumentException("not an embedding array: " + value.getClass().getName());
    }

    /** float[] as the boxed array Spark's Row expects for array&lt;float&gt;. */
    public static Float[] toColumn(float[] v) {
        Float[] out = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
