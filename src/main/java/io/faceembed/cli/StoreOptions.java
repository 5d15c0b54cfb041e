package io.faceembed.cli;

import io.faceembed.job.Sessions;
import io.faceembed.search.StoredEmbeddings;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The options that name a store of embeddings to read, shared by the commands that read one (audit, search). */
final class StoreOptions {

    @Option(names = "--store", required = true, paramLabel = "URL",
            description = "delta:<path> or jdbc:postgresql://host[:port]/db[?table=...]")
    String store;

    @Option(names = "--table", paramLabel = "T", description = "Table of a PostgreSQL store (default: face_embeddings)")
    String table;

    @Option(names = "--store-properties", paramLabel = "FILE",
            description = "Properties file with the PostgreSQL password (password=...)")
    Path storeProperties;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    /** @throws IllegalArgumentException naming {@code --store} when it is neither a Delta nor a PostgreSQL URL */
    void check() {
        StoredEmbeddings.checkStore(store);
    }

    /** The Spark session that reads the store: {@code --master}, else spark-submit's, else this machine's cores. */
    SparkSession session() {
        return Sessions.forJob(master, Runtime.getRuntime().availableProcessors());
    }

    StoredEmbeddings open(SparkSession spark, String signature) {
        return StoredEmbeddings.open(spark, store, table, signature, storeProperties);
    }
}
