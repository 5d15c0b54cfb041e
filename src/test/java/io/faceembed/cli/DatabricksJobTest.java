package io.faceembed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceembed.config.EmbedSettings;
import io.faceembed.config.StoreSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * submit/databricks-job.json works when created as it stands: it holds only fields of the Jobs API 2.1 with the
 * ones a JAR task needs, its main class is the CLI's, its library is the jar {@code mvn package} builds, and its
 * parameters parse with the CLI into the settings they say.
 */
class DatabricksJobTest {

    static final Path JOB = Path.of("submit", "databricks-job.json");

    static final Set<String> JOB_FIELDS = Set.of("name", "description", "tasks", "job_clusters", "tags",
            "email_notifications", "webhook_notifications", "notification_settings", "timeout_seconds",
            "max_concurrent_runs", "schedule", "trigger", "continuous", "git_source", "format", "queue",
            "parameters", "run_as", "health", "environments", "edit_mode", "deployment", "budget_policy_id",
            "performance_target");
    static final Set<String> TASK_FIELDS = Set.of("task_key", "description", "depends_on", "run_if",
            "existing_cluster_id", "new_cluster", "job_cluster_key", "spark_jar_task", "libraries",
            "timeout_seconds", "max_retries", "min_retry_interval_millis", "retry_on_timeout", "email_notifications",
            "webhook_notifications", "notification_settings", "health", "environment_key");
    static final Set<String> CLUSTER_FIELDS = Set.of("spark_version", "node_type_id", "driver_node_type_id",
            "num_workers", "autoscale", "spark_conf", "spark_env_vars", "custom_tags", "init_scripts",
            "cluster_log_conf", "data_security_mode", "runtime_engine", "instance_pool_id", "policy_id",
            "enable_elastic_disk", "azure_attributes", "aws_attributes", "gcp_attributes", "single_user_name");

    final JsonNode job = read();

    static JsonNode read() {
        try {
            return new ObjectMapper().readTree(JOB.toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyFieldIsAJobsApiFieldAndAJarTaskHasWhatItNeeds() {
        assertKnown(job, JOB_FIELDS, "job");
        assertTrue(job.path("name").isTextual());
        assertTrue(job.path("tasks").isArray() && job.path("tasks").size() > 0, "tasks");
        for (JsonNode task : job.path("tasks")) {
            assertKnown(task, TASK_FIELDS, "task");
            assertTrue(task.path("task_key").asText().matches("[\\w.-]{1,100}"), "task_key");
            JsonNode cluster = task.path("new_cluster");
            assertKnown(cluster, CLUSTER_FIELDS, "new_cluster");
            assertTrue(cluster.path("spark_version").asText().matches("\\d+\\.\\d+\\.x-.*scala2\\.13"),
                    "a runtime of Spark 4 (Scala 2.13), as the jar is built for: " + cluster.path("spark_version"));
            assertTrue(cluster.has("num_workers") || cluster.has("autoscale"), "new_cluster needs a size");
            assertTrue(task.path("spark_jar_task").path("parameters").isArray(), "spark_jar_task.parameters");
            for (JsonNode p : task.path("spark_jar_task").path("parameters")) {
                assertTrue(p.isTextual(), "parameters are strings: " + p);
            }
            assertTrue(task.path("libraries").isArray(), "libraries");
        }
    }

    @Test
    void theMainClassIsTheCliAndTheLibraryIsTheClusterJar() throws Exception {
        for (JsonNode task : job.path("tasks")) {
            String main = task.path("spark_jar_task").path("main_class_name").asText();
            Method m = Class.forName(main).getMethod("main", String[].class);
            assertTrue(Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers()), main);
            String jar = task.path("libraries").get(0).path("jar").asText();
            String built = "faceembed-" + projectVersion() + "-cluster.jar";
            assertTrue(jar.endsWith("/" + built), "the job's jar " + jar + " is not what mvn package builds: " + built);
            Path local = Path.of("target", built);
            if (Files.isRegularFile(local)) { // after mvn package: the class is in the jar itself
                try (JarFile j = new JarFile(local.toFile())) {
                    assertTrue(j.getEntry(main.replace('.', '/') + ".class") != null, main + " in " + local);
                }
            }
        }
    }

    @Test
    void theParametersParseIntoTheSettingsTheySay() {
        for (JsonNode task : job.path("tasks")) {
            List<String> params = new ArrayList<>();
            task.path("spark_jar_task").path("parameters").forEach(p -> params.add(p.asText()));
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
            CommandLine cli = FaceEmbed.commandLine(quiet, quiet);
            CommandLine.ParseResult parsed = cli.parseArgs(params.toArray(String[]::new));
            assertTrue(parsed.hasSubcommand(), "the first parameter names the command: " + params);
            CommandLine sub = parsed.subcommand().commandSpec().commandLine();
            EmbedSettings settings = ((EmbedCommand) sub.getCommandSpec().userObject()).settings();
            assertEquals(value(params, "--folder"), settings.folder());
            assertTrue(settings.recursive());
            assertEquals(5, settings.minImages());
            assertEquals(value(params, "--models-dir"), settings.pipeline().modelsDir());
            assertEquals(StoreSpec.parse(value(params, "--store")), settings.store());
            assertEquals(StoreSpec.Kind.DELTA, settings.store().kind());
        }
    }

    private static String value(List<String> params, String flag) {
        return params.get(params.indexOf(flag) + 1);
    }

    private static String projectVersion() throws Exception {
        Matcher m = Pattern.compile("<artifactId>faceembed</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(m.find(), "the project's version in pom.xml");
        return m.group(1);
    }

    private static void assertKnown(JsonNode node, Set<String> known, String what) {
        assertTrue(node.isObject(), what + " is an object");
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            assertTrue(known.contains(name), what + " has a field the Jobs API 2.1 does not know: " + name);
        }
    }
}
