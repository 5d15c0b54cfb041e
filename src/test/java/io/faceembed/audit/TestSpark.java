package io.faceembed.audit;

import io.faceembed.job.Sessions;
import org.apache.spark.sql.SparkSession;

/** The tests' local Spark session with Delta (the project's test session). */
public final class TestSpark {

    private TestSpark() {
    }

    public static SparkSession session() {
        return Sessions.forTests();
    }
}
