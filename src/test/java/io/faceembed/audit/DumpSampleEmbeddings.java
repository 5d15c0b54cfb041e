package io.faceembed.audit;

import io.faceembed.testing.TestPaths;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Row;

/** Calibration aid: writes folder,path,face_index,box area,embedding of sample/people as CSV (args[0]). */
public final class DumpSampleEmbeddings {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        var rows = EmbeddedTree.rows(TestPaths.people());
        System.out.printf("%d rows in %.1f s%n", rows.size(), (System.nanoTime() - t0) / 1e9);
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[0])))) {
            for (Row r : rows) {
                if (!"ok".equals(r.getString(5))) {
                    continue;
                }
                Object[] e = (Object[]) r.get(13);
                StringBuilder sb = new StringBuilder(r.getString(1) + "," + r.getString(0) + "," + r.getInt(4) + ","
                        + (r.getFloat(9) - r.getFloat(7)) * (r.getFloat(10) - r.getFloat(8)));
                for (Object x : e) {
                    sb.append(',').append(x);
                }
                out.println(sb);
            }
        }
    }
}
