package dev.streamkit.examples.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real standalone Flink session cluster for tests: one JobManager ({@code
 * StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}), each in its
 * own JVM on loopback, started from the Flink jars on the test classpath (the binary distribution
 * is not on Maven Central). JVM memory flags and dynamic properties are computed the way Flink's
 * scripts compute them ({@code BashJavaUtils}). RocksDB with incremental checkpoints to a local
 * directory. Every process is stopped by its pid in {@link #close()}; every wait is bounded.
 */
final class FlinkCluster implements AutoCloseable {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    static final String DISTRIBUTION_CLASSPATH = "streamkit.test.flink.distribution.classpath";

    private final Path workDir;
    private final Path confDir;
    private final Path checkpointDir;
    private final Path savepointDir;
    private final int restPort;
    private final int slotsPerTaskManager;
    private final String classpath;
    private final List<Process> taskManagers = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process jobManager;
    private RestClusterClient<StandaloneClusterId> client;
    private int startedTaskManagers;

    private FlinkCluster(
            Path workDir,
            int slotsPerTaskManager,
            Map<String, String> extraConfig,
            String classpath)
            throws IOException {
        this.workDir = workDir;
        this.confDir = Files.createDirectories(workDir.resolve("conf"));
        this.checkpointDir = Files.createDirectories(workDir.resolve("checkpoints"));
        this.savepointDir = Files.createDirectories(workDir.resolve("savepoints"));
        Files.createDirectories(workDir.resolve("log"));
        this.restPort = freePort();
        this.slotsPerTaskManager = slotsPerTaskManager;
        this.classpath = classpath;
        writeConfig(extraConfig);
        writeLogConfig();
    }

    /**
     * Starts a JobManager and {@code taskManagers} TaskManagers on the test classpath (job graphs
     * built in the test find their classes there) and waits until all registered.
     */
    static FlinkCluster start(
            Path workDir, int taskManagers, int slotsPerTaskManager, Map<String, String> config)
            throws Exception {
        return start(
                workDir,
                taskManagers,
                slotsPerTaskManager,
                config,
                System.getProperty("java.class.path"));
    }

    /**
     * Starts a cluster on the classpath of a Flink distribution's {@code lib/} only (resolved by
     * the build into the file named by {@value #DISTRIBUTION_CLASSPATH}): jobs must bring all their
     * code in their JAR, as on a real cluster or MSF.
     */
    static FlinkCluster startDistribution(
            Path workDir, int taskManagers, int slotsPerTaskManager, Map<String, String> config)
            throws Exception {
        String file = System.getProperty(DISTRIBUTION_CLASSPATH);
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            throw new IllegalStateException(
                    "No Flink distribution classpath at "
                            + file
                            + " (system property "
                            + DISTRIBUTION_CLASSPATH
                            + "); run through ./mvnw verify, which resolves it");
        }
        String classpath = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
        return start(workDir, taskManagers, slotsPerTaskManager, config, classpath);
    }

    private static FlinkCluster start(
            Path workDir,
            int taskManagers,
            int slotsPerTaskManager,
            Map<String, String> config,
            String classpath)
            throws Exception {
        FlinkCluster cluster = new FlinkCluster(workDir, slotsPerTaskManager, config, classpath);
        try {
            cluster.startJobManager();
            for (int i = 0; i < taskManagers; i++) {
                cluster.startTaskManager();
            }
            cluster.awaitTaskManagers(taskManagers);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    Path savepointDir() {
        return savepointDir;
    }

    Path checkpointDir() {
        return checkpointDir;
    }

    RestClusterClient<StandaloneClusterId> client() {
        return client;
    }

    JobID submit(JobGraph jobGraph) throws Exception {
        return client.submitJob(jobGraph).get(60, TimeUnit.SECONDS);
    }

    /**
     * Uploads a job JAR through the REST API ({@code POST /jars/upload}), as the web UI and {@code
     * flink run} against a session cluster do; returns its id on the cluster.
     */
    String uploadJar(Path jar) throws Exception {
        String boundary = "streamkit-" + UUID.randomUUID();
        String head =
                "--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                        + jar.getFileName()
                        + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(restUrl("/jars/upload")))
                        .timeout(Duration.ofSeconds(120))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(
                                HttpRequest.BodyPublishers.ofByteArrays(
                                        List.of(
                                                head.getBytes(StandardCharsets.UTF_8),
                                                Files.readAllBytes(jar),
                                                tail.getBytes(StandardCharsets.UTF_8))))
                        .build();
        JsonNode response = post(request, "upload of " + jar);
        String filename = response.path("filename").asText();
        return Path.of(filename).getFileName().toString();
    }

    /**
     * Runs an uploaded JAR's main class ({@code POST /jars/:id/run}) with {@code args} at {@code
     * parallelism}, from {@code savepoint} if not null; returns the job's id.
     */
    JobID runJar(String jarId, List<String> args, int parallelism, String savepoint)
            throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("programArgsList", args);
        body.put("parallelism", parallelism);
        if (savepoint != null) {
            body.put("savepointPath", savepoint);
            body.put("allowNonRestoredState", false);
        }
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(restUrl("/jars/" + jarId + "/run")))
                        .timeout(Duration.ofSeconds(120))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                        .build();
        return JobID.fromHexString(post(request, "run of " + jarId).path("jobid").asText());
    }

    private JsonNode post(HttpRequest request, String what) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    what
                            + " failed: HTTP "
                            + response.statusCode()
                            + " "
                            + response.body()
                            + "; logs in "
                            + workDir.resolve("log"));
        }
        return json.readTree(response.body());
    }

    /** The Flink web UI (and REST API) of the cluster. */
    String webUi() {
        return "http://localhost:" + restPort;
    }

    private String restUrl(String path) {
        return "http://127.0.0.1:" + restPort + path;
    }

    void startTaskManager() throws IOException {
        Configuration config = GlobalConfiguration.loadConfiguration(confDir.toString());
        TaskExecutorProcessSpec spec =
                TaskExecutorProcessUtils.processSpecFromConfig(
                        TaskExecutorProcessUtils
                                .getConfigurationMapLegacyTaskManagerHeapSizeToConfigOption(
                                        config, TaskManagerOptions.TOTAL_PROCESS_MEMORY));
        String name = "taskmanager-" + startedTaskManagers++;
        taskManagers.add(
                launch(
                        name,
                        ProcessMemoryUtils.generateJvmParametersStr(spec),
                        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                        TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
    }

    /** {@code kill -9} of the TaskManager at {@code index} (in start order among live ones). */
    void killTaskManager(int index) throws InterruptedException {
        Process victim = taskManagers.remove(index);
        victim.destroyForcibly();
        if (!victim.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("TaskManager pid " + victim.pid() + " did not die");
        }
    }

    int liveTaskManagers() {
        return taskManagers.size();
    }

    /** Waits until the REST API reports {@code count} registered TaskManagers. */
    void awaitTaskManagers(int count) throws Exception {
        await(
                "TaskManagers registered: " + count,
                STARTUP_TIMEOUT,
                () -> {
                    JsonNode overview = rest("/overview");
                    return overview != null && overview.path("taskmanagers").asInt() == count;
                });
    }

    JobStatus awaitJobStatus(JobID job, Duration timeout, JobStatus... wanted) throws Exception {
        List<JobStatus> targets = Arrays.asList(wanted);
        JobStatus[] last = new JobStatus[1];
        await(
                "job " + job + " in " + targets,
                timeout,
                () -> {
                    try {
                        last[0] = client.getJobStatus(job).get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        return false;
                    }
                    if (last[0].isGloballyTerminalState() && !targets.contains(last[0])) {
                        throw new IllegalStateException(
                                "Job " + job + " ended " + last[0] + "; logs in " + workDir);
                    }
                    return targets.contains(last[0]);
                });
        return last[0];
    }

    /** Waits until the job has at least {@code count} completed checkpoints. */
    void awaitCompletedCheckpoints(JobID job, int count, Duration timeout) throws Exception {
        await(
                count + " completed checkpoints of " + job,
                timeout,
                () -> completedCheckpoints(job) >= count);
    }

    long completedCheckpoints(JobID job) {
        JsonNode stats = rest("/jobs/" + job + "/checkpoints");
        return stats == null ? 0 : stats.path("counts").path("completed").asLong();
    }

    /** The id of the checkpoint the job last restored from, or -1 if it never restored. */
    long restoredCheckpointId(JobID job) {
        JsonNode restored = rest("/jobs/" + job + "/checkpoints").path("latest").path("restored");
        return restored.isMissingNode() || restored.isNull() ? -1 : restored.path("id").asLong();
    }

    /** The number of subtasks of {@code job} running on each TaskManager (by resource id). */
    Map<String, Integer> subtasksPerTaskManager(JobID job) {
        Map<String, Integer> result = new LinkedHashMap<>();
        for (JsonNode vertex : rest("/jobs/" + job).path("vertices")) {
            JsonNode placement =
                    rest(
                            "/jobs/"
                                    + job
                                    + "/vertices/"
                                    + vertex.path("id").asText()
                                    + "/taskmanagers");
            for (JsonNode tm : placement.path("taskmanagers")) {
                result.merge(
                        tm.path("taskmanager-id").asText(),
                        tm.path("status-counts").path("RUNNING").asInt(),
                        Integer::sum);
            }
        }
        return result;
    }

    JsonNode rest(String path) {
        try {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(URI.create(restUrl(path)))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? json.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        if (client != null) {
            client.close();
        }
        List<Process> all = new ArrayList<>(taskManagers);
        if (jobManager != null) {
            all.add(jobManager);
        }
        for (Process p : all) {
            p.destroy();
        }
        for (Process p : all) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        taskManagers.clear();
    }

    private void startJobManager() throws Exception {
        Configuration config = GlobalConfiguration.loadConfiguration(confDir.toString());
        JobManagerProcessSpec spec =
                JobManagerProcessUtils.processSpecFromConfigWithNewOptionToInterpretLegacyHeap(
                        config, JobManagerOptions.TOTAL_PROCESS_MEMORY);
        jobManager =
                launch(
                        "jobmanager",
                        JobManagerProcessUtils.generateJvmParametersStr(spec, config),
                        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                        JobManagerProcessUtils.generateDynamicConfigsStr(spec));
        await("JobManager REST API up", STARTUP_TIMEOUT, () -> rest("/overview") != null);
        Configuration clientConfig = GlobalConfiguration.loadConfiguration(confDir.toString());
        client = new RestClusterClient<>(clientConfig, StandaloneClusterId.getInstance());
    }

    private Process launch(String name, String jvmParameters, String mainClass, String dynamic)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(jvmParameters.trim().split("\\s+")));
        command.add("--add-opens=java.base/java.util=ALL-UNNAMED");
        command.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        command.add("-Dlog.file=" + workDir.resolve("log").resolve(name + ".log"));
        command.add("-Dlog4j.configurationFile=" + confDir.resolve("log4j.properties").toUri());
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.add("--configDir");
        command.add(confDir.toString());
        for (String token : dynamic.trim().split("\\s+")) {
            if (!token.isEmpty()) {
                command.add(token);
            }
        }
        File out = workDir.resolve("log").resolve(name + ".out").toFile();
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out))
                .start();
    }

    private void writeConfig(Map<String, String> extra) throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("jobmanager.rpc.address", "localhost");
        config.put("jobmanager.rpc.port", String.valueOf(freePort()));
        config.put("jobmanager.bind-host", "localhost");
        config.put("rest.address", "localhost");
        config.put("rest.bind-address", "localhost");
        config.put("rest.port", String.valueOf(restPort));
        config.put("blob.server.port", String.valueOf(freePort()));
        config.put("taskmanager.bind-host", "localhost");
        config.put("taskmanager.host", "localhost");
        config.put("taskmanager.numberOfTaskSlots", String.valueOf(slotsPerTaskManager));
        config.put("jobmanager.memory.process.size", "768m");
        config.put("taskmanager.memory.process.size", "1024m");
        config.put("taskmanager.memory.managed.fraction", "0.2");
        config.put("state.backend.type", "rocksdb");
        config.put("execution.checkpointing.incremental", "true");
        config.put("execution.checkpointing.dir", checkpointDir.toUri().toString());
        config.put("execution.checkpointing.savepoint-dir", savepointDir.toUri().toString());
        config.put("heartbeat.interval", "1000");
        config.put("heartbeat.timeout", "8000");
        config.put("restart-strategy.type", "fixed-delay");
        config.put("restart-strategy.fixed-delay.attempts", "5");
        config.put("restart-strategy.fixed-delay.delay", "2 s");
        config.put("slot.request.timeout", "120000");
        config.put("cluster.evenly-spread-out-slots", "true");
        config.put("pipeline.generic-types", "false");
        config.putAll(extra);
        StringBuilder yaml = new StringBuilder();
        config.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
        Files.write(
                confDir.resolve("config.yaml"), yaml.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void writeLogConfig() throws IOException {
        String log4j =
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = MainAppender",
                        "appender.main.name = MainAppender",
                        "appender.main.type = File",
                        "appender.main.append = true",
                        "appender.main.fileName = ${sys:log.file}",
                        "appender.main.layout.type = PatternLayout",
                        "appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                        "");
        Files.write(confDir.resolve("log4j.properties"), log4j.getBytes(StandardCharsets.UTF_8));
    }

    private void await(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Timed out after "
                                + timeout
                                + " waiting for "
                                + what
                                + "; logs in "
                                + workDir.resolve("log"));
            }
            if (jobManager != null && !jobManager.isAlive()) {
                throw new IllegalStateException(
                        "The JobManager died; logs in " + workDir.resolve("log"));
            }
            Thread.sleep(250);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
