package dev.streamkit.examples.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real AWS CLI ({@code aws}, v1 or v2; Debian's {@code awscli} package on CI, installed by
 * {@code .ci/run} when missing) against the local services, with the environment {@code
 * ./run-example --aws-local --keep} prints. Never skipped: without {@code aws} it fails saying how
 * to install it.
 */
final class AwsCli {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String executable = System.getProperty("streamkit.test.aws.cli", "aws");
    private final List<String> environment;
    private final Path workDir;

    AwsCli(List<String> environment, Path workDir) {
        this.environment = environment;
        this.workDir = workDir;
    }

    /** Runs {@code aws --endpoint-url endpoint args...}; returns its standard output as JSON. */
    JsonNode run(URI endpoint, String... args) throws Exception {
        String out = runText(endpoint, args);
        return out.isBlank() ? JSON.createObjectNode() : JSON.readTree(out);
    }

    String runText(URI endpoint, String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of(executable, "--endpoint-url", endpoint.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        for (String variable : environment) {
            int eq = variable.indexOf('=');
            pb.environment().put(variable.substring(0, eq), variable.substring(eq + 1));
        }
        Path out = Files.createTempFile(workDir, "aws-out", ".txt");
        Path err = Files.createTempFile(workDir, "aws-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "The AWS CLI ('"
                            + executable
                            + "') is not installed: `sudo apt-get install -y awscli` (.ci/run"
                            + " installs it on CI), or point -Dstreamkit.test.aws.cli at it",
                    e);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("aws " + args[0] + " " + args[1] + " timed out");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(
                    command + " failed (" + p.exitValue() + "): " + Files.readString(err));
        }
        return Files.readString(out, StandardCharsets.UTF_8).trim();
    }

    /**
     * {@code aws kinesis put-records --cli-input-json file://...} in batches of 500, in order;
     * fails if a record is refused or stored out of order.
     */
    int putRecords(URI endpoint, String stream, List<String> records, List<String> keys)
            throws Exception {
        BigInteger last = BigInteger.valueOf(-1);
        for (int from = 0; from < records.size(); from += 500) {
            ObjectNode request = JSON.createObjectNode().put("StreamName", stream);
            ArrayNode entries = request.putArray("Records");
            for (int i = from; i < Math.min(from + 500, records.size()); i++) {
                entries.addObject().put("Data", records.get(i)).put("PartitionKey", keys.get(i));
            }
            Path file = workDir.resolve("put-records-" + from + ".json");
            JSON.writeValue(file.toFile(), request);
            JsonNode response =
                    run(endpoint, "kinesis", "put-records", "--cli-input-json", "file://" + file);
            if (response.path("FailedRecordCount").asInt() != 0) {
                throw new IllegalStateException("put-records refused records: " + response);
            }
            for (JsonNode r : response.path("Records")) {
                BigInteger sequence = new BigInteger(r.path("SequenceNumber").asText());
                if (sequence.compareTo(last) <= 0) {
                    throw new IllegalStateException("records stored out of order: " + response);
                }
                last = sequence;
            }
        }
        return records.size();
    }

    /** Every record of {@code stream} with get-shard-iterator and get-records, decoded. */
    List<JsonNode> readStream(URI endpoint, String stream) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode shard :
                run(endpoint, "kinesis", "list-shards", "--stream-name", stream).path("Shards")) {
            String iterator =
                    runText(
                            endpoint,
                            "kinesis",
                            "get-shard-iterator",
                            "--stream-name",
                            stream,
                            "--shard-id",
                            shard.path("ShardId").asText(),
                            "--shard-iterator-type",
                            "TRIM_HORIZON",
                            "--query",
                            "ShardIterator",
                            "--output",
                            "text");
            while (!iterator.isEmpty() && !"None".equals(iterator)) {
                JsonNode page =
                        run(
                                endpoint,
                                "kinesis",
                                "get-records",
                                "--shard-iterator",
                                iterator,
                                "--limit",
                                "10000");
                if (page.path("Records").isEmpty()) {
                    break;
                }
                for (JsonNode r : page.path("Records")) {
                    out.add(JSON.readTree(Base64.getDecoder().decode(r.path("Data").asText())));
                }
                iterator = page.path("NextShardIterator").asText("");
            }
        }
        return out;
    }

    /** The items of {@code table} with {@code aws dynamodb scan} (the CLI pages itself). */
    JsonNode scan(URI endpoint, String table) throws Exception {
        return run(endpoint, "dynamodb", "scan", "--table-name", table).path("Items");
    }
}
