package dev.streamkit.examples.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamkit.aws.config.ApplicationProperties;
import dev.streamkit.aws.config.PropertySpec;
import dev.streamkit.aws.testing.DynamoDbLocal;
import dev.streamkit.aws.testing.KinesisLocal;
import dev.streamkit.aws.testing.OpenSearchLocal;
import dev.streamkit.examples.common.JobInput;
import dev.streamkit.examples.fraud.FraudDetectionJob;
import dev.streamkit.examples.fraud.FraudScenario;
import dev.streamkit.examples.iot.IotTelemetryJob;
import dev.streamkit.examples.iot.TelemetryScenario;
import dev.streamkit.examples.local.ConsoleSink;
import dev.streamkit.examples.local.ExampleJob;
import dev.streamkit.examples.local.Scenario;
import dev.streamkit.examples.sessionization.ClickstreamScenario;
import dev.streamkit.examples.sessionization.SessionizationJob;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.SavepointFormatType;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The deployed path on a laptop ({@code ./run-example JOB --aws-local [--keep]}): starts
 * kinesis-local, DynamoDB Local ({@code -sharedDb}) and, for jobs that write to it, OpenSearch, the
 * way the integration tests do (free loopback ports); creates the job's streams, table and index
 * template through the services' APIs; writes the generator's records into the input stream; starts
 * a multi-process Flink session cluster whose classpath is a Flink distribution's {@code lib/} only
 * ({@link FlinkCluster}) and runs the job's <b>shaded JAR</b> on it through the REST API, as on a
 * real cluster, reading the stream from its start; once the job has read all of them, stops it with
 * a draining savepoint (as at the end of a bounded input) and reads every output back through the
 * services' APIs. With {@code --keep} the job is resumed from that savepoint and everything stays
 * up until Ctrl-C, with ready-to-paste AWS CLI commands printed.
 *
 * <p>The input stream has one shard and the job reads it with {@code Input.ordered=true}, so which
 * records are late follows from the data, and the run's results equal the generator's ground truth
 * ({@code AwsLocalITCase} checks it).
 *
 * <pre>
 * AwsLocal JOB [--keep] [--Group.key=value ...]
 * </pre>
 */
public final class AwsLocal implements AutoCloseable {
    static final String REGION = KinesisLocal.REGION;
    static final String ACCESS_KEY = "local";
    static final String SECRET_KEY = "local";
    private static final int PARALLELISM = 2;
    private static final int BATCH = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workDir;
    private final KinesisLocal kinesis;
    private final DynamoDbLocal dynamo;
    private final OpenSearchLocal openSearch;
    private final FlinkCluster cluster;
    private final Map<String, String> jarIds = new LinkedHashMap<>();
    private final Duration timeout;

    /** Whether {@link #close()} stops the services too (not when they are shared). */
    private final boolean ownsServices;

    private AwsLocal(
            Path workDir,
            KinesisLocal kinesis,
            DynamoDbLocal dynamo,
            OpenSearchLocal openSearch,
            FlinkCluster cluster,
            Duration timeout,
            boolean ownsServices) {
        this.workDir = workDir;
        this.kinesis = kinesis;
        this.dynamo = dynamo;
        this.openSearch = openSearch;
        this.cluster = cluster;
        this.timeout = timeout;
        this.ownsServices = ownsServices;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("Usage: AwsLocal JOB [--keep] [--Group.key=value]");
        }
        String job = args[0];
        boolean keep = false;
        List<String> overrides = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if ("--keep".equals(args[i])) {
                keep = true;
            } else {
                overrides.add(args[i]);
            }
        }
        Deployment deployment = Deployment.of(job);
        Path workDir = Paths.get("target", "aws-local", job).toAbsolutePath();
        System.err.printf(
                "Starting kinesis-local, DynamoDB Local%s and a Flink cluster (logs in %s)...%n",
                deployment.indexPrefix != null ? ", OpenSearch" : "", workDir);
        AwsLocal local =
                start(
                        workDir,
                        deployment.indexPrefix != null,
                        Map.of(),
                        Duration.ofMinutes(
                                Long.getLong("streamkit.aws.local.timeout.minutes", 15)));
        Runtime.getRuntime().addShutdownHook(new Thread(local::closeQuietly, "aws-local-stop"));
        int exit = 1;
        try {
            Run run = local.run(job, overrides, keep);
            System.err.print(run.summary());
            if (keep) {
                System.err.print(local.instructions(run));
                Thread.currentThread().join(); // until Ctrl-C: the shutdown hook stops everything
            }
            exit = 0;
        } finally {
            local.closeQuietly();
        }
        System.exit(exit);
    }

    /**
     * Starts the local services (OpenSearch only if {@code withOpenSearch}) and a session cluster
     * of one JobManager and one TaskManager with two slots ({@code clusterConfig} added to its
     * configuration). Everything runs under {@code workDir}.
     */
    static AwsLocal start(
            Path workDir,
            boolean withOpenSearch,
            Map<String, String> clusterConfig,
            Duration timeout)
            throws Exception {
        KinesisLocal kinesis = null;
        DynamoDbLocal dynamo = null;
        OpenSearchLocal openSearch = null;
        try {
            Files.createDirectories(workDir);
            kinesis = KinesisLocal.start(Map.of());
            dynamo = DynamoDbLocal.start();
            if (withOpenSearch) {
                openSearch = OpenSearchLocal.start();
            }
            FlinkCluster cluster = startCluster(workDir, clusterConfig);
            return new AwsLocal(workDir, kinesis, dynamo, openSearch, cluster, timeout, true);
        } catch (Exception | Error e) {
            for (AutoCloseable c : new AutoCloseable[] {openSearch, dynamo, kinesis}) {
                if (c != null) {
                    c.close();
                }
            }
            throw e;
        }
    }

    /**
     * As {@link #start}, on services already running (shared with other tests in the JVM: every job
     * has its own streams, table and indices): only the cluster is started, and {@link #close()}
     * stops only the cluster.
     */
    static AwsLocal startOn(
            Path workDir,
            KinesisLocal kinesis,
            DynamoDbLocal dynamo,
            OpenSearchLocal openSearch,
            Map<String, String> clusterConfig,
            Duration timeout)
            throws Exception {
        Files.createDirectories(workDir);
        FlinkCluster cluster = startCluster(workDir, clusterConfig);
        return new AwsLocal(workDir, kinesis, dynamo, openSearch, cluster, timeout, false);
    }

    private static FlinkCluster startCluster(Path workDir, Map<String, String> clusterConfig)
            throws Exception {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("metrics.fetcher.update-interval", "1000");
        config.put("taskmanager.memory.process.size", "1536m");
        // checkpoints survive a crash of the whole cluster: restart with -s <chk-dir>
        config.put(
                "execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION");
        config.putAll(clusterConfig);
        return FlinkCluster.startDistribution(workDir.resolve("cluster"), 1, 2, config);
    }

    KinesisLocal kinesis() {
        return kinesis;
    }

    DynamoDbLocal dynamo() {
        return dynamo;
    }

    OpenSearchLocal openSearch() {
        return openSearch;
    }

    /** Feeds the input stream with the generator's records in order; returns how many. */
    interface Feeder {
        int feed(AwsLocal local, Deployment deployment, Scenario scenario) throws Exception;
    }

    /** Runs {@code job} with {@code overrides}, fed by the SDK's PutRecords (see the class doc). */
    Run run(String job, List<String> overrides, boolean keep) throws Exception {
        return run(job, "", overrides, keep, AwsLocal::putRecords);
    }

    /**
     * As {@link #run(String, List, boolean)}, with the input written by {@code feeder} and {@code
     * suffix} appended to the names of the job's streams and table (several runs of one job on the
     * same services).
     */
    Run run(String job, String suffix, List<String> overrides, boolean keep, Feeder feeder)
            throws Exception {
        Deployment d = Deployment.of(job, suffix);
        List<String> jobArgs = new ArrayList<>(deployedArgs(d));
        for (String scenarioDefault : d.scenarioDefaults) {
            String key = scenarioDefault.substring(0, scenarioDefault.indexOf('=') + 1);
            if (overrides.stream().noneMatch(o -> o.startsWith(key))) {
                jobArgs.add(scenarioDefault);
            }
        }
        // the first occurrence of a key wins: the caller's overrides go before nothing they repeat
        jobArgs.addAll(overrides);
        Path conf = Paths.get("conf", job + "-local.json").toAbsolutePath();
        ApplicationProperties props =
                ApplicationProperties.loader()
                        .useMsfRuntime(false)
                        .localFile(conf)
                        .args(jobArgs.toArray(new String[0]))
                        .load(d.job.properties().toArray(new PropertySpec<?>[0]));
        Scenario scenario = d.scenario(props);
        createResources(d);

        String jarId = jarIds.get(job);
        if (jarId == null) {
            jarId = cluster.uploadJar(shadedJar(job));
            jarIds.put(job, jarId);
        }
        List<String> runArgs = new ArrayList<>(List.of("--properties", conf.toString()));
        runArgs.addAll(jobArgs);
        long started = System.nanoTime();
        // the input is written before the job starts: kinesis-local 0.6.2 has been seen to return
        // a batch twice to a reader polling while PutRecords calls were still arriving
        int fed = feeder.feed(this, d, scenario);
        System.err.printf("Wrote %,d records into Kinesis stream %s%n", fed, d.input);
        JobID jobId = cluster.runJar(jarId, runArgs, PARALLELISM, null);
        cluster.awaitJobStatus(jobId, timeout, JobStatus.RUNNING);
        System.err.printf(
                "Job %s (the shaded JAR %s) running; Flink web UI: %s; waiting for it to read"
                        + " every record...%n",
                jobId, shadedJar(job).getFileName(), cluster.webUi());
        await(
                "the job to read all " + fed + " records",
                () ->
                        metric(jobId, "numRecordsDecoded", null)
                                        + metric(jobId, "numDeadLetters", null)
                                >= fed);
        // Mini-batched operators (dedup) count what they buffered when they flush, and they flush
        // before every checkpoint barrier: after one completed checkpoint the counters are final
        // whatever the load, instead of waiting for the job's own next checkpoint. The configured
        // (incremental) kind: a full one would upload all of RocksDB again for nothing
        cluster.client()
                .triggerCheckpoint(jobId, CheckpointType.CONFIGURED)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, Long> metrics = settledMetrics(jobId, d.job);
        long read = metric(jobId, "numRecordsOut", "-source");

        // as at the end of a bounded input: the final watermark fires every window and timer,
        // every sink flushes, and the savepoint holds the input position
        String savepoint =
                cluster.client()
                        .stopWithSavepoint(
                                jobId,
                                true,
                                cluster.savepointDir().toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        cluster.awaitJobStatus(jobId, timeout, JobStatus.FINISHED);
        Run run =
                readBack(d, fed, metrics, savepoint, Duration.ofNanos(System.nanoTime() - started));
        run.read = read;
        if (keep) {
            run.resumedJob = cluster.runJar(jarId, runArgs, PARALLELISM, savepoint);
            cluster.awaitJobStatus(run.resumedJob, timeout, JobStatus.RUNNING);
        }
        return run;
    }

    /** The job's overrides for the local services: Kinesis in, every output configured. */
    private List<String> deployedArgs(Deployment d) {
        List<String> args = new ArrayList<>();
        args.add("--Input.source=KINESIS");
        args.add("--Input.stream.arn=" + KinesisLocal.arn(d.input));
        args.add("--Input.initial.position=TRIM_HORIZON");
        args.add("--Input.ordered=true");
        args.add("--Aws.region=" + REGION);
        args.add("--Aws.kinesis.endpoint=" + kinesis.endpoint());
        args.add("--Aws.dynamodb.endpoint=" + dynamo.endpoint());
        args.add("--Aws.credentials.provider=BASIC");
        args.add("--Aws.credentials.access.key.id=" + ACCESS_KEY);
        args.add("--Aws.credentials.secret.key=" + SECRET_KEY);
        args.add("--Output.sink=AWS");
        args.add("--Output.dlq.stream.arn=" + KinesisLocal.arn(d.deadLetters));
        args.add("--Output.late.stream.arn=" + KinesisLocal.arn(d.late));
        if (d.alerts != null) {
            args.add("--Output.alerts.stream.arn=" + KinesisLocal.arn(d.alerts));
        }
        if (d.table != null) {
            args.add("--Output.dynamodb.table=" + d.table);
        }
        if (d.indexPrefix != null) {
            args.add("--Output.opensearch.endpoint=" + openSearch.endpoint());
            args.add("--Output.opensearch.sigv4=false");
        }
        return args;
    }

    /** Creates the job's streams, table and index template through the services' APIs. */
    private void createResources(Deployment d) throws Exception {
        List<String> streams = new ArrayList<>(List.of(d.input, d.deadLetters, d.late));
        if (d.alerts != null) {
            streams.add(d.alerts);
        }
        for (String stream : streams) {
            // one shard each: the input's order is the order records were written in
            kinesis.client().createStream(r -> r.streamName(stream).shardCount(1));
        }
        for (String stream : streams) {
            await(
                    "stream " + stream + " ACTIVE",
                    () ->
                            kinesis.client()
                                            .describeStreamSummary(r -> r.streamName(stream))
                                            .streamDescriptionSummary()
                                            .streamStatus()
                                    == StreamStatus.ACTIVE);
        }
        if (d.table != null) {
            dynamo.createTable(d.table, d.tableKey);
        }
        if (d.indexPrefix != null) {
            openSearch.send("PUT", "/_index_template/" + d.job.name(), d.indexTemplate());
        }
    }

    /**
     * Writes the scenario's records with PutRecords in batches of 500, partitioned by their entity
     * (malformed ones by {@code malformed}); fails if Kinesis refuses one or stores them out of the
     * order they were written in (every sequence number must be above the one before).
     */
    static int putRecords(AwsLocal local, Deployment d, Scenario scenario) {
        List<byte[]> payloads = scenario.payloads();
        BigInteger last = BigInteger.valueOf(-1);
        for (int from = 0; from < payloads.size(); from += BATCH) {
            List<PutRecordsRequestEntry> batch = new ArrayList<>();
            for (byte[] payload : payloads.subList(from, Math.min(from + BATCH, payloads.size()))) {
                batch.add(
                        PutRecordsRequestEntry.builder()
                                .partitionKey(d.partitionKey(payload))
                                .data(SdkBytes.fromByteArray(payload))
                                .build());
            }
            PutRecordsResponse response =
                    local.kinesis.client().putRecords(r -> r.streamName(d.input).records(batch));
            if (response.failedRecordCount() != null && response.failedRecordCount() > 0) {
                throw new IllegalStateException(
                        "Kinesis refused "
                                + response.failedRecordCount()
                                + " records of a batch: "
                                + response.records().get(0));
            }
            for (PutRecordsResultEntry entry : response.records()) {
                BigInteger sequence = new BigInteger(entry.sequenceNumber());
                if (sequence.compareTo(last) <= 0) {
                    throw new IllegalStateException(
                            "Kinesis stored records out of order: " + sequence + " after " + last);
                }
                last = sequence;
            }
        }
        return payloads.size();
    }

    /**
     * The job's summary counters (the metric lines of {@link ExampleJob#summary()}), read through
     * the REST API once two reads a few seconds apart agree.
     */
    private Map<String, Long> settledMetrics(JobID jobId, ExampleJob job) throws Exception {
        Map<String, Long> previous = null;
        for (int attempt = 0; attempt < 30; attempt++) {
            Map<String, Long> current = new LinkedHashMap<>();
            for (ExampleJob.SummaryLine line : job.summary()) {
                if (!ConsoleSink.PRINTED.equals(line.metric)) {
                    current.put(line.label, metric(jobId, line.metric, line.operator));
                }
            }
            if (current.equals(previous)) {
                return current;
            }
            previous = current;
            Thread.sleep(2_500);
        }
        return previous;
    }

    /**
     * {@code metric} summed over every subtask of every operator (whose name contains {@code
     * operator}, if not null), from the REST API.
     */
    long metric(JobID jobId, String metric, String operator) {
        long total = 0;
        for (org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode vertex :
                cluster.rest("/jobs/" + jobId).path("vertices")) {
            String base = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText();
            List<String> ids = new ArrayList<>();
            var available = cluster.rest(base + "/subtasks/metrics");
            if (available == null) {
                continue;
            }
            for (var m : available) {
                String id = m.path("id").asText();
                if (id.endsWith("." + metric) && (operator == null || id.contains(operator))) {
                    ids.add(id);
                }
            }
            if (ids.isEmpty()) {
                continue;
            }
            var values =
                    cluster.rest(
                            base
                                    + "/subtasks/metrics?agg=sum&get="
                                    + URLEncoder.encode(
                                            String.join(",", ids), StandardCharsets.UTF_8));
            if (values != null) {
                for (var v : values) {
                    total += (long) v.path("sum").asDouble();
                }
            }
        }
        return total;
    }

    private Run readBack(
            Deployment d, int fed, Map<String, Long> metrics, String savepoint, Duration took)
            throws Exception {
        Run run = new Run(d, fed, metrics, savepoint, took);
        if (d.alerts != null) {
            run.alerts = json(kinesis.readAll(d.alerts));
        }
        run.deadLetters = json(kinesis.readAll(d.deadLetters));
        run.late = json(kinesis.readAll(d.late));
        if (d.table != null) {
            run.items = dynamo.scan(d.table);
        }
        if (d.indexPrefix != null) {
            String pattern = d.indexPrefix + "*";
            openSearch.send("POST", "/" + pattern + "/_refresh", null);
            run.documentCount = openSearch.get("/" + pattern + "/_count").path("count").asLong();
            if (run.documentCount <= 10_000) {
                run.documents = new ArrayList<>();
                for (JsonNode hit : openSearch.searchAll(pattern)) {
                    run.documents.add(hit.path("_source"));
                }
            }
        }
        return run;
    }

    private static List<JsonNode> json(List<Record> records) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (Record r : records) {
            out.add(JSON.readTree(r.data().asByteArray()));
        }
        return out;
    }

    /** Endpoints and ready-to-paste commands for {@code --keep}. */
    String instructions(Run run) {
        Deployment d = run.deployment;
        String aws = "aws --endpoint-url " + kinesis.endpoint() + " kinesis";
        String ddb = "aws --endpoint-url " + dynamo.endpoint() + " dynamodb";
        StringBuilder s = new StringBuilder();
        s.append(String.format("%n=== the services stay up until Ctrl-C ===%n"));
        s.append(
                String.format("  Flink web UI     %s (job %s)%n", cluster.webUi(), run.resumedJob));
        s.append(String.format("  Kinesis          %s%n", kinesis.endpoint()));
        s.append(String.format("  DynamoDB         %s%n", dynamo.endpoint()));
        if (openSearch != null) {
            s.append(String.format("  OpenSearch       %s%n", openSearch.endpoint()));
        }
        s.append(String.format("  logs             %s%n", workDir));
        s.append(String.format("%nIn another shell (the AWS CLI, v1 or v2):%n%n"));
        s.append(String.format("export %s%n", String.join(" ", cliEnvironment())));
        s.append(
                String.format(
                        "%s put-record --stream-name %s --partition-key %s --data '%s'%n",
                        aws, d.input, d.exampleKey, d.exampleRecord));
        for (String stream : run.outputStreams()) {
            s.append(
                    String.format(
                            "%s get-records --shard-iterator \"$(%s get-shard-iterator --stream-name %s"
                                    + " --shard-id shardId-000000000000 --shard-iterator-type TRIM_HORIZON"
                                    + " --query ShardIterator --output text)\"%n",
                            aws, aws, stream));
        }
        if (d.table != null) {
            s.append(String.format("%s scan --table-name %s%n", ddb, d.table));
        }
        if (openSearch != null) {
            s.append(
                    String.format(
                            "curl -s '%s/%s*/_search?size=5&pretty'%n",
                            openSearch.endpoint(), d.indexPrefix));
        }
        s.append(
                String.format(
                        "%n(get-records prints Data base64-encoded: pipe through"
                                + " `jq -r '.Records[].Data | @base64d'` to read it. Windows and"
                                + " patterns fire when a later record moves the watermark past"
                                + " them: give new records current event times.)%n"));
        return s.toString();
    }

    /**
     * The environment of AWS CLI commands against the local services: the same key as the job's
     * (DynamoDB Local runs with {@code -sharedDb}, so any key sees the tables), the region, and a
     * config file that makes v2 read {@code --data} as raw text like v1 does.
     */
    List<String> cliEnvironment() {
        Path config = workDir.resolve("aws-cli.config");
        try {
            Files.write(
                    config,
                    ("[default]\nregion = " + REGION + "\ncli_binary_format = raw-in-base64-out\n")
                            .getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return List.of(
                "AWS_ACCESS_KEY_ID=" + ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY=" + SECRET_KEY,
                "AWS_DEFAULT_REGION=" + REGION,
                "AWS_CONFIG_FILE=" + config,
                "AWS_PAGER=");
    }

    private static Path shadedJar(String job) {
        String version = System.getProperty("project.version", "0.1.0-SNAPSHOT");
        Path jar = Paths.get("target", "streamkit-examples-" + version + "-" + job + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "No shaded JAR at " + jar.toAbsolutePath() + ": build it with ./mvnw package");
        }
        return jar.toAbsolutePath();
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean done;
            try {
                done = condition.getAsBoolean();
            } catch (RuntimeException notYet) {
                done = false;
            }
            if (done) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Timed out after "
                                + timeout
                                + " waiting for "
                                + what
                                + "; logs in "
                                + workDir);
            }
            Thread.sleep(500);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (Exception e) {
            System.err.println("Stopping the local services: " + e);
        }
    }

    @Override
    public synchronized void close() throws Exception {
        Exception failure = null;
        AutoCloseable[] owned =
                ownsServices
                        ? new AutoCloseable[] {cluster, openSearch, dynamo, kinesis}
                        : new AutoCloseable[] {cluster};
        for (AutoCloseable c : owned) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Where one job reads and writes on the local services. */
    static final class Deployment {
        final ExampleJob job;
        final String input;
        final String entityField;
        final String deadLetters;
        final String late;
        final String alerts;
        final String table;
        final String tableKey;
        final String indexPrefix;
        final String mapping;
        final List<String> scenarioDefaults;
        final String exampleKey;
        final String exampleRecord;
        private final Pattern entity;

        private Deployment(
                ExampleJob job,
                String input,
                String entityField,
                String alerts,
                String table,
                String indexPrefix,
                String mapping,
                List<String> scenarioDefaults,
                String exampleKey,
                String exampleRecord) {
            this(
                    job,
                    input,
                    entityField,
                    alerts,
                    table,
                    job.name() + "-dead-letters",
                    job.name() + "-late-events",
                    indexPrefix,
                    mapping,
                    scenarioDefaults,
                    exampleKey,
                    exampleRecord);
        }

        private Deployment(
                ExampleJob job,
                String input,
                String entityField,
                String alerts,
                String table,
                String deadLetters,
                String late,
                String indexPrefix,
                String mapping,
                List<String> scenarioDefaults,
                String exampleKey,
                String exampleRecord) {
            this.job = job;
            this.input = input;
            this.entityField = entityField;
            this.deadLetters = deadLetters;
            this.late = late;
            this.alerts = alerts;
            this.table = table;
            this.tableKey = entityField;
            this.indexPrefix = indexPrefix;
            this.mapping = mapping;
            this.scenarioDefaults = scenarioDefaults;
            this.exampleKey = exampleKey;
            this.exampleRecord = exampleRecord;
            this.entity = Pattern.compile("\"" + entityField + "\"\\s*:\\s*\"([^\"]{1,256})\"");
        }

        static Deployment of(String job) {
            return of(job, "");
        }

        static Deployment of(String job, String suffix) {
            Deployment d = base(job);
            return suffix == null || suffix.isEmpty() ? d : d.withSuffix(suffix);
        }

        private Deployment withSuffix(String suffix) {
            return new Deployment(
                    job,
                    input + suffix,
                    entityField,
                    alerts == null ? null : alerts + suffix,
                    table == null ? null : table + suffix,
                    deadLetters + suffix,
                    late + suffix,
                    indexPrefix,
                    mapping,
                    scenarioDefaults,
                    exampleKey,
                    exampleRecord);
        }

        private static Deployment base(String job) {
            switch (job) {
                case "fraud":
                    return new Deployment(
                            new FraudDetectionJob(),
                            "fraud-account-events",
                            "accountId",
                            "fraud-alerts",
                            "fraud-risk",
                            null,
                            null,
                            List.of(
                                    "--Fraud.generator.accounts=100",
                                    "--Fraud.generator.scenarios.per.kind=1"),
                            "acct-1",
                            "{\"eventId\":\"e-1\",\"accountId\":\"acct-1\",\"type\":\"transaction\","
                                    + "\"timestamp\":1767312000000,\"amount\":25.0}");
                case "sessionization":
                    return new Deployment(
                            new SessionizationJob(),
                            "sessionization-clicks",
                            "userId",
                            null,
                            null,
                            "sessions-",
                            "\"userId\":{\"type\":\"keyword\"},"
                                    + "\"start\":{\"type\":\"date\",\"format\":\"epoch_millis\"},"
                                    + "\"end\":{\"type\":\"date\",\"format\":\"epoch_millis\"},"
                                    + "\"durationMillis\":{\"type\":\"long\"},"
                                    + "\"clicks\":{\"type\":\"long\"},"
                                    + "\"converted\":{\"type\":\"boolean\"},"
                                    + "\"entryPage\":{\"type\":\"keyword\"},"
                                    + "\"exitPage\":{\"type\":\"keyword\"}",
                            List.of("--Sessions.generator.users=500"),
                            "user-1",
                            "{\"eventId\":\"c-1\",\"userId\":\"user-1\",\"timestamp\":1767312000000,"
                                    + "\"page\":\"home\",\"action\":\"view\"}");
                case "iot":
                    return new Deployment(
                            new IotTelemetryJob(),
                            "iot-readings",
                            "deviceId",
                            "iot-alerts",
                            "iot-devices",
                            "telemetry-",
                            "\"deviceId\":{\"type\":\"keyword\"},"
                                    + "\"windowStart\":{\"type\":\"date\",\"format\":\"epoch_millis\"},"
                                    + "\"windowEnd\":{\"type\":\"date\",\"format\":\"epoch_millis\"},"
                                    + "\"readings\":{\"type\":\"long\"},"
                                    + "\"avg\":{\"type\":\"double\"},"
                                    + "\"min\":{\"type\":\"double\"},"
                                    + "\"max\":{\"type\":\"double\"},"
                                    + "\"p95\":{\"type\":\"double\"}",
                            List.of("--Iot.generator.devices=20", "--Iot.generator.length=2 h"),
                            "device-1",
                            "{\"readingId\":\"r-1\",\"deviceId\":\"device-1\",\"timestamp\":1767312000000,"
                                    + "\"temperature\":21.5}");
                default:
                    throw new IllegalArgumentException(
                            "unknown job '" + job + "': fraud, sessionization or iot");
            }
        }

        /** The index template of the job's daily indices ({@code <prefix>*}). */
        String indexTemplate() {
            return "{\"index_patterns\":[\""
                    + indexPrefix
                    + "*\"],\"template\":{\"settings\":{\"number_of_shards\":1,"
                    + "\"number_of_replicas\":0},\"mappings\":{\"properties\":{"
                    + mapping
                    + "}}}}";
        }

        /** The generator the job's properties describe (the same records the job would make). */
        Scenario scenario(ApplicationProperties p) {
            long seed = p.get(JobInput.GENERATOR_SEED);
            Scenario s;
            switch (job.name()) {
                case "fraud":
                    s =
                            FraudScenario.of(
                                    seed,
                                    p.get(FraudDetectionJob.GENERATOR_ACCOUNTS),
                                    p.get(FraudDetectionJob.GENERATOR_SCENARIOS));
                    break;
                case "sessionization":
                    s = ClickstreamScenario.of(seed, p.get(SessionizationJob.GENERATOR_USERS));
                    break;
                default:
                    s =
                            TelemetryScenario.of(
                                    seed,
                                    p.get(IotTelemetryJob.GENERATOR_DEVICES),
                                    p.get(IotTelemetryJob.GENERATOR_LENGTH));
            }
            return p.get(JobInput.GENERATOR_LATE_RECORDS) ? s : s.withoutLateRecords();
        }

        String partitionKey(byte[] payload) {
            Matcher m = entity.matcher(new String(payload, StandardCharsets.UTF_8));
            return m.find() ? m.group(1) : "malformed";
        }
    }

    /** What one run fed and what it read back from the services. */
    static final class Run {
        final Deployment deployment;
        final int fed;
        final Map<String, Long> metrics;
        final String savepoint;
        final Duration took;
        List<JsonNode> alerts = List.of();
        List<JsonNode> deadLetters = List.of();
        List<JsonNode> late = List.of();
        List<Map<String, AttributeValue>> items = List.of();
        long documentCount;
        List<JsonNode> documents;
        JobID resumedJob;

        /**
         * Records the job's Kinesis source emitted: more than {@link #fed} when kinesis-local
         * delivered records twice (seen under heavy load; the counters then include them).
         */
        long read;

        /** Whether the source read exactly the records written, once each. */
        boolean readOnce() {
            return read == fed;
        }

        Run(Deployment d, int fed, Map<String, Long> metrics, String savepoint, Duration took) {
            this.deployment = d;
            this.fed = fed;
            this.metrics = metrics;
            this.savepoint = savepoint;
            this.took = took;
        }

        List<String> outputStreams() {
            List<String> streams = new ArrayList<>();
            if (deployment.alerts != null) {
                streams.add(deployment.alerts);
            }
            streams.add(deployment.deadLetters);
            streams.add(deployment.late);
            return streams;
        }

        String summary() {
            Deployment d = deployment;
            StringBuilder s = new StringBuilder();
            s.append(
                    String.format(
                            "%n=== streamkit %s on local AWS services: summary (input read, job"
                                    + " drained after %d s) ===%n",
                            d.job.name(), took.getSeconds()));
            line(s, "records written to Kinesis", fed, "stream " + d.input);
            if (!readOnce()) {
                line(
                        s,
                        "records read from Kinesis",
                        read,
                        "MORE than written: kinesis-local"
                                + " delivered records twice; the counters below include them");
            }
            metrics.forEach((label, value) -> line(s, label, value, "job metric"));
            s.append(String.format("  --- what landed where ---%n"));
            if (d.alerts != null) {
                line(s, "alerts", alerts.size(), "Kinesis stream " + d.alerts);
            }
            if (d.table != null) {
                line(
                        s,
                        d.job.name().equals("fraud")
                                ? "risk features (latest per account)"
                                : "latest reading per device",
                        items.size(),
                        "DynamoDB table " + d.table);
            }
            if (d.indexPrefix != null) {
                line(
                        s,
                        d.job.name().equals("iot") ? "device-minutes" : "sessions",
                        documentCount,
                        "OpenSearch indices " + d.indexPrefix + "*");
            }
            line(s, "dead letters", deadLetters.size(), "Kinesis stream " + d.deadLetters);
            line(s, "late events", late.size(), "Kinesis stream " + d.late);
            s.append(String.format("  savepoint of the drained job: %s%n", savepoint));
            return s.toString();
        }

        private static void line(StringBuilder s, String label, long value, String where) {
            s.append(String.format(Locale.ROOT, "  %-34s %,9d   %s%n", label, value, where));
        }
    }
}
