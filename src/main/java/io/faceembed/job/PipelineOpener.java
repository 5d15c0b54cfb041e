package io.faceembed.job;

import io.faceembed.config.PipelineSpec;
import io.faceembed.inference.FacePipeline;
import io.faceembed.inference.onnx.SessionOptionsFactory;
import io.faceembed.models.PipelineFactory;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.slf4j.LoggerFactory;
import java.io.Serializable;

/** How an executor builds its pipeline; shipped to executors, so it is a named serializable class, not a lambda. */
public interface PipelineOpener extends Serializable {

    FacePipeline open(PipelineSpec spec);

    /** Whether this opener reads the spec's model files: then the job ships them to the executors first. */
    default boolean readsModelFiles() {
        return false;
    }

    /** The model files named by the spec, through {@link PipelineFactory}. */
    PipelineOpener MODELS = new FromModels();

    final class FromModels implements PipelineOpener {
        private static final long serialVersionUID = 1L;
        private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(PipelineOpener.class);
        private static final java.util.regex.Pattern LOCAL_MASTER =
                java.util.regex.Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?\\])?");

        @Override
        public boolean readsModelFiles() {
            return true;
        }

        /**
         * {@code --device gpu} never falls back: a CUDA session that cannot start fails the task. {@code auto}
         * falls back to CPU with a warning in the executor's log, and the job prints where its tasks ran.
         */
        @Override
        public FacePipeline open(PipelineSpec spec) {
            int threads = spec.threads() > 0 ? spec.threads() : threadsPerTask();
            String gpu = gpuAddress();
            SessionOptionsFactory options = SessionOptionsFactory.forDevice(spec.device(), threads,
                    gpu == null ? 0 : Integer.parseInt(gpu));
            FacePipeline pipeline;
            try {
                pipeline = PipelineFactory.open(spec, options);
            } catch (RuntimeException e) {
                if (!"auto".equals(spec.device()) || "CPU".equals(options.provider())) {
                    throw e;
                }
                LOG.warn("--device auto: {} could not start ({}); this executor runs the models on CPU",
                        options.provider(), e.getMessage());
                options = SessionOptionsFactory.forDevice("cpu", threads, 0);
                pipeline = PipelineFactory.open(spec, options);
            }
            // Once per executor JVM and pipeline: what an operator reads in an executor's log to see which GPU it
            // took. A local run says where inference ran in its report instead.
            SparkEnv env = SparkEnv.get();
            String executor = env == null ? "-" : env.executorId();
            boolean onExecutor = env != null && !"driver".equals(executor); // Spark's id for the driver's JVM
            String message = "faceembed: executor {} opened the {} + {} pipeline on {}"
                    + " (Spark's gpu address for it: {})";
            Object[] args = {executor, spec.detector(), spec.model(), options.provider(), gpu == null ? "none" : gpu};
            if (onExecutor) {
                LOG.info(message, args);
            } else {
                LOG.debug(message, args);
            }
            return pipeline;
        }

        /**
         * ONNX Runtime threads per session call on CPU: the executor's cores shared by its concurrent tasks, so
         * that N task slots calling the models at once do not start N x cores threads each. On 2 cores with 2
         * slots the job ran as fast as with ONNX Runtime's default (22.6 against 22.8 images/s); it matters where
         * local[16] meets 16 cores, or an executor runs several tasks.
         */
        static int threadsPerTask() {
            SparkEnv env = SparkEnv.get();
            int cores = Runtime.getRuntime().availableProcessors();
            if (env == null) {
                return 0;
            }
            return Math.max(1, cores / Math.max(1, concurrentTasks(env.conf(), cores)));
        }

        /** Task slots of one executor: local[N] (N, or the cores for local[*]), else executor cores / task cpus. */
        static int concurrentTasks(SparkConf conf, int cores) {
            java.util.regex.Matcher local = LOCAL_MASTER.matcher(conf.get("spark.master", ""));
            if (local.matches()) {
                String n = local.group(1);
                return n == null ? 1 : "*".equals(n) ? cores : Integer.parseInt(n);
            }
            return conf.getInt("spark.executor.cores", cores) / Math.max(1, conf.getInt("spark.task.cpus", 1));
        }

        /** The GPU Spark assigned to this task's executor (spark.executor.resource.gpu.amount), else null. */
        static String gpuAddress() {
            TaskContext task = TaskContext.get();
            if (task == null || !task.resources().contains("gpu")) {
                return null;
            }
            String[] addresses = task.resources().apply("gpu").addresses();
            return addresses.length == 0 ? null : addresses[0].strip();
        }

        private Object readResolve() {
            return MODELS;
        }
    }
}
