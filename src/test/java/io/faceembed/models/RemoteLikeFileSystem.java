package io.faceembed.models;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * This machine's disk under the scheme {@code remote:}, so that a test takes the path a {@code --models-dir} on
 * hdfs:, s3a: or dbfs: takes (read through Hadoop, copied to the driver) without a cluster. Registered with
 * {@code fs.remote.impl}.
 */
public class RemoteLikeFileSystem extends RawLocalFileSystem {

    @Override
    public URI getUri() {
        return URI.create("remote:///");
    }

    @Override
    public String getScheme() {
        return "remote";
    }
}
