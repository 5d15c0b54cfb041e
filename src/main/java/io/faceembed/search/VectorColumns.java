package io.faceembed.search;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Dot products of embedding columns as compiled Java functions: Spark interprets the lambdas of its higher-order
 * SQL functions ({@link VectorSql}) element by element, which is several times slower on 128-element arrays.
 */
public final class VectorColumns {

    private static final UserDefinedFunction DOT = functions.udf(
            (UDF2<Object, Object, Double>) (a, b) -> a == null || b == null ? null
                    : Vectors.dot(Vectors.fromColumn(a), Vectors.fromColumn(b)),
            DataTypes.DoubleType);

    private VectorColumns() {
    }

    /** Cosine similarity of two columns of unit vectors (null where either is null). */
    public static Column dot(Column a, Column b) {
        return DOT.apply(a, b);
    }

    /** Similarity of each row's vector to one fixed (unit) vector. */
    public static Column dotWith(Column a, float[] query) {
        float[] q = query.clone();
        return functions.udf((UDF1<Object, Double>) v -> v == null ? null : Vectors.dot(q, Vectors.fromColumn(v)),
                DataTypes.DoubleType).apply(a);
    }
}
