package dev.streamkit.aws.testing;

import dev.streamkit.aws.AwsConnection;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Runs {@code kinesis-local} (kinesis-mock compiled to JavaScript, installed by {@code npm ci} in
 * {@code src/test/node}) in a child process on free loopback ports, plain HTTP.
 */
public final class KinesisLocal implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";

    private final Process process;
    private final int port;
    private final Path log;
    private final KinesisClient client;

    private KinesisLocal(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.client =
                KinesisClient.builder()
                        .region(Region.of(REGION))
                        .endpointOverride(endpoint())
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create("local", "local")))
                        .httpClientBuilder(ApacheHttpClient.builder())
                        .build();
    }

    /** Starts the service with the given streams ({@code name -> shard count}) created. */
    public static KinesisLocal start(Map<String, Integer> streams) throws Exception {
        Path nodeDir = Paths.get(System.getProperty("streamkit.test.node.dir", "src/test/node"));
        Path pkg = nodeDir.resolve("node_modules/kinesis-local").toAbsolutePath();
        if (!Files.isRegularFile(pkg.resolve("main.js"))) {
            throw new IllegalStateException(
                    "kinesis-local is not installed at "
                            + pkg
                            + ": run `npm ci --prefix connectors-aws/src/test/node` (Maven does"
                            + " this in generate-test-resources when node_modules is missing)");
        }
        int plain = FreePorts.find();
        int tls = FreePorts.find();
        StringBuilder init = new StringBuilder();
        for (Map.Entry<String, Integer> s : streams.entrySet()) {
            if (init.length() > 0) {
                init.append(',');
            }
            init.append(s.getKey()).append(':').append(s.getValue());
        }
        Path log = Paths.get("target", "kinesis-local-" + plain + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder("node", "main.js").directory(pkg.toFile());
        pb.environment().put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(plain));
        pb.environment().put("KINESIS_MOCK_TLS_PORT", Integer.toString(tls));
        if (init.length() > 0) { // an empty value is rejected: no streams, no variable
            pb.environment().put("INITIALIZE_STREAMS", init.toString());
        }
        pb.environment().put("CREATE_STREAM_DURATION", "10ms");
        pb.environment().put("LOAD_DATA_IF_EXISTS", "false");
        pb.environment().put("SHOULD_PERSIST_DATA", "false");
        pb.environment().put("AWS_REGION", REGION);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start `node` (is Node.js installed?)", e);
        }
        KinesisLocal local = new KinesisLocal(p, plain, log);
        local.awaitStreams(streams);
        return local;
    }

    private void awaitStreams(Map<String, Integer> streams) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "kinesis-local exited with code " + process.exitValue() + ": " + logTail());
            }
            try {
                client.listStreams(); // answers once the server is up (also with no streams)
                boolean allActive = true;
                for (String s : streams.keySet()) {
                    StreamStatus status =
                            client.describeStreamSummary(r -> r.streamName(s))
                                    .streamDescriptionSummary()
                                    .streamStatus();
                    allActive &= status == StreamStatus.ACTIVE;
                }
                if (allActive) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException(
                "kinesis-local did not get its streams ACTIVE within 60 s on port "
                        + port
                        + " (last error: "
                        + last
                        + "): "
                        + logTail(),
                last);
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public URI endpoint() {
        return URI.create("http://localhost:" + port);
    }

    public AwsConnection connection() {
        return AwsConnection.builder()
                .region(REGION)
                .endpoint(endpoint())
                .basicCredentials("local", "local")
                .build();
    }

    public static String arn(String stream) {
        return "arn:aws:kinesis:" + REGION + ":" + ACCOUNT + ":stream/" + stream;
    }

    public KinesisClient client() {
        return client;
    }

    public void put(String stream, String partitionKey, byte[] data) {
        client.putRecord(
                r ->
                        r.streamName(stream)
                                .partitionKey(partitionKey)
                                .data(SdkBytes.fromByteArray(data)));
    }

    /** Every record currently in the stream, shard by shard, read with GetRecords. */
    public List<Record> readAll(String stream) {
        List<Record> out = new ArrayList<>();
        for (Shard shard : client.listShards(r -> r.streamName(stream)).shards()) {
            String iterator =
                    client.getShardIterator(
                                    r ->
                                            r.streamName(stream)
                                                    .shardId(shard.shardId())
                                                    .shardIteratorType(
                                                            ShardIteratorType.TRIM_HORIZON))
                            .shardIterator();
            while (iterator != null) {
                String it = iterator;
                GetRecordsResponse resp = client.getRecords(r -> r.shardIterator(it).limit(1000));
                out.addAll(resp.records());
                if (resp.records().isEmpty()) {
                    break;
                }
                iterator = resp.nextShardIterator();
            }
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        client.close();
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
