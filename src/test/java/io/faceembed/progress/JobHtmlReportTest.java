package io.faceembed.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobHtmlReportTest {

    @TempDir
    Path dir;

    @Test
    void showsCountsThroughputAndFailuresGroupedByReason() throws Exception {
        String json = """
                {"listed": 1200, "skippedDone": 0, "embedded": 1100, "noFace": 90, "failed": 3,
                 "seconds": 42.5, "imagesPerSecond": 28.1,
                 "timeline": [{"seconds": 0, "images": 0}, {"seconds": 10, "images": 250},
                              {"seconds": 20, "images": 600}, {"seconds": 42.5, "images": 1193}]}
                """;
        List<JobHtmlReport.Failure> failures = List.of(
                new JobHtmlReport.Failure("a/x.jpg", "a/x.jpg: truncated or corrupt JPEG: premature end"),
                new JobHtmlReport.Failure("b/y.jpg", "b/y.jpg: truncated or corrupt JPEG: premature end"),
                new JobHtmlReport.Failure("c/<z>.png", "not an image (content starts with 'hello')"));
        Path html = dir.resolve("job.html");
        JobHtmlReport.write(json, failures, html);
        String page = Files.readString(html);
        assertTrue(page.contains("1,200"), "listed count");
        assertTrue(page.contains("<polyline"), "throughput line");
        assertTrue(page.contains("<td class='num'>2</td><td>&lt;image&gt;: truncated or corrupt JPEG"), page);
        assertTrue(page.contains("c/&lt;z&gt;.png"), "paths are escaped");
        assertEquals(2, page.split("class='failure'").length - 1, "two reasons");
    }

    @Test
    void saysSoWhenThereIsNoTimelineAndNoFailure() throws Exception {
        Path html = dir.resolve("job.html");
        JobHtmlReport.write("{\"listed\": 5}", List.of(), html);
        String page = Files.readString(html);
        assertTrue(page.contains("No timeline recorded."));
        assertTrue(page.contains("Failures (0)</h2><p>None.</p>"));
    }
}
