package io.faceembed.audit;

import org.apache.spark.sql.SparkSession;

/** The tests' local Spark session with Delta: local[2], no UI, few shuffle partitions. */
public final class TestSpark {

    private TestSpark() {
    }

    public static SparkSession session() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("faceembed-audit-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.default.parallelism", "2")
                .config("spark.driver.host", "localhost")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .getOrCreate();
    }
}
