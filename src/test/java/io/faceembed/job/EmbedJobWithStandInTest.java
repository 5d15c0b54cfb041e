package io.faceembed.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faceembed.progress.JobReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The job's scenarios with {@link StandInPipeline} (no models needed), plus the ones that need a pipeline that can
 * be made to fail.
 */
class EmbedJobWithStandInTest extends EmbedJobScenarios {

    @Override
    PipelineOpener opener() {
        return new StandInPipeline.Opener();
    }

    @Override
    String model() {
        return "StandInA";
    }

    @Override
    String otherModel() {
        return "StandInB";
    }

    @Test
    void retryFailedReplacesTheFailedRows() {
        Path people = smallCollection();
        StandInPipeline.failing = true;
        try {
            JobReport broken = run(people, model(), 5);
            assertEquals(11, broken.failed());
        } finally {
            StandInPipeline.failing = false;
        }
        assertEquals(0, run(people, model(), 5).processed(), "failed images are not retried by default");
        JobReport retried = run(people, model(), 5, "--retry-failed");
        assertEquals(11, retried.embedded());
        assertEquals(0, stored().where("status = 'failed'").count());
        assertEquals(11, stored().count());
    }

    @Test
    void eachWaveIsOneCommit() {
        // workers 2 x chunk 4 = 8 = db-batch-size: 11 images make 2 waves
        run(smallCollection(), model(), 5);
        long merges = spark.sql("describe history delta.`" + tmp.resolve("store") + "`")
                .where("operation = 'MERGE'").count();
        assertEquals(2, merges);
    }
}
