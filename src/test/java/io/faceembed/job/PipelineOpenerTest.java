package io.faceembed.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** How many tasks share an executor's cores, which sets ONNX Runtime's threads per call on CPU. */
class PipelineOpenerTest {

    private static int slots(String master, String... settings) {
        SparkConf conf = new SparkConf(false).setMaster(master);
        for (int i = 0; i < settings.length; i += 2) {
            conf.set(settings[i], settings[i + 1]);
        }
        return PipelineOpener.FromModels.concurrentTasks(conf, 16);
    }

    @Test
    void localMastersCountTheirSlots() {
        assertEquals(1, slots("local"));
        assertEquals(2, slots("local[2]"));
        assertEquals(2, slots("local[2,3]"), "local[N,retries]: N slots");
        assertEquals(16, slots("local[*]"), "local[*]: one slot per core");
    }

    @Test
    void clusterExecutorsDivideTheirCoresByTaskCpus() {
        assertEquals(4, slots("yarn", "spark.executor.cores", "4"));
        assertEquals(2, slots("spark://host:7077", "spark.executor.cores", "8", "spark.task.cpus", "4"));
        assertEquals(16, slots("k8s://https://api:6443"), "no executor cores set: the machine's");
    }
}
