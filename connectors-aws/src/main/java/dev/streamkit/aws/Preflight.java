package dev.streamkit.aws;

import dev.streamkit.aws.internal.AwsCredentials;
import dev.streamkit.aws.internal.NonRecoverable;
import dev.streamkit.aws.opensearch.internal.OpenSearchRestClientFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.util.Preconditions;
import org.apache.http.HttpHost;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;
import org.opensearch.client.RestClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/**
 * Checks, before {@code env.execute()}, that the AWS resources a job uses exist and match what its
 * sinks write, so a deployment mistake fails the deployment with every problem named instead of
 * crash-looping the job.
 *
 * <pre>{@code
 * Preflight.checks()
 *         .kinesisStream("Input.stream.arn", props.get(INPUT_ARN))
 *         .kinesisStream("DeadLetters.stream.arn", props.get(DLQ_ARN))
 *         .dynamoDbTable("Output.table", props.get(TABLE), "orderId")
 *         .openSearch("Output.opensearch.endpoint", URI.create(props.get(SEARCH)), null, aws)
 *         .check(aws); // throws PreflightException listing every problem
 * env.execute("orders");
 * }</pre>
 *
 * <p>Checked: a Kinesis stream ARN is well formed, its region is the connection's region, the
 * stream exists (DescribeStreamSummary) and is ACTIVE or UPDATING; a DynamoDB table exists
 * (DescribeTable), is ACTIVE or UPDATING and its key schema is exactly the partition (and sort) key
 * the sink writes; an OpenSearch endpoint answers {@code GET /} with 2xx and, if an index is given,
 * the index exists. Unreachable endpoints, denied access and wrong credentials are problems too.
 * Each problem names the property, the resource, the region and the endpoint. The checks need
 * {@code kinesis:DescribeStreamSummary}, {@code dynamodb:DescribeTable} and, for OpenSearch, {@code
 * es:ESHttpGet}/{@code es:ESHttpHead}.
 */
@PublicEvolving
public final class Preflight {

    private static final Pattern STREAM_ARN =
            Pattern.compile(
                    "arn:aws[a-zA-Z-]*:kinesis:([a-z0-9-]+):\\d{12}:stream/[a-zA-Z0-9_.-]{1,128}");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<Check> checks = new ArrayList<>();

    private Preflight() {}

    /** An empty set of checks. */
    public static Preflight checks() {
        return new Preflight();
    }

    /** The Kinesis stream {@code streamArn}, configured by {@code property}, must exist. */
    public Preflight kinesisStream(String property, String streamArn) {
        return kinesisStream(property, streamArn, null);
    }

    /** As {@link #kinesisStream(String, String)}, through its own connection. */
    public Preflight kinesisStream(String property, String streamArn, AwsConnection connection) {
        checkProperty(property);
        checks.add(new Check(Kind.KINESIS, property, streamArn, null, null, connection));
        return this;
    }

    /** The DynamoDB table must exist with exactly {@code partitionKey} as its key. */
    public Preflight dynamoDbTable(String property, String table, String partitionKey) {
        return dynamoDbTable(property, table, partitionKey, null, null);
    }

    /**
     * The DynamoDB table must exist with exactly this key schema ({@code sortKey} null for a table
     * without one), through {@code connection} (null: the one given to {@link #check}).
     */
    public Preflight dynamoDbTable(
            String property,
            String table,
            String partitionKey,
            String sortKey,
            AwsConnection connection) {
        checkProperty(property);
        Preconditions.checkArgument(
                partitionKey != null && !partitionKey.isEmpty(),
                "dynamoDbTable('%s'): partitionKey must be set",
                property);
        checks.add(new Check(Kind.DYNAMODB, property, table, partitionKey, sortKey, connection));
        return this;
    }

    /**
     * The OpenSearch endpoint must answer, and {@code index} exist unless null (pass null for
     * indices created on the fly, e.g. daily ones). Requests are signed with SigV4 if {@code sigV4}
     * is not null (service {@code es}).
     */
    public Preflight openSearch(String property, URI endpoint, String index, AwsConnection sigV4) {
        checkProperty(property);
        Preconditions.checkArgument(
                endpoint != null, "openSearch('%s'): endpoint must not be null", property);
        checks.add(new Check(Kind.OPENSEARCH, property, endpoint.toString(), index, null, sigV4));
        return this;
    }

    /** As {@link #openSearch(String, URI, String, AwsConnection)} without signing. */
    public Preflight openSearch(String property, URI endpoint, String index) {
        return openSearch(property, endpoint, index, null);
    }

    /**
     * Runs every check (Kinesis and DynamoDB through {@code connection} unless declared with their
     * own) and throws one {@link PreflightException} listing every problem; returns normally if
     * there is none.
     */
    public void check(AwsConnection connection) {
        List<String> problems = problems(connection);
        if (!problems.isEmpty()) {
            throw new PreflightException(problems);
        }
    }

    /** Runs every check and returns the problems found (empty if none). */
    public List<String> problems(AwsConnection connection) {
        Preconditions.checkArgument(connection != null, "connection must not be null");
        List<String> problems = new ArrayList<>();
        for (Check c : checks) {
            String problem;
            switch (c.kind) {
                case KINESIS:
                    problem = checkStream(c, c.connection == null ? connection : c.connection);
                    break;
                case DYNAMODB:
                    problem = checkTable(c, c.connection == null ? connection : c.connection);
                    break;
                default:
                    problem = checkOpenSearch(c);
            }
            if (problem != null) {
                problems.add("property '" + c.property + "': " + problem);
            }
        }
        return problems;
    }

    private static void checkProperty(String property) {
        Preconditions.checkArgument(
                property != null && !property.isEmpty(),
                "property must name the setting the resource comes from, got '%s'",
                property);
    }

    private static String checkStream(Check c, AwsConnection connection) {
        String what = NonRecoverable.describe("Kinesis stream", c.name, connection);
        if (c.name == null) {
            return "Kinesis stream ARN is not set";
        }
        Matcher m = STREAM_ARN.matcher(c.name);
        if (!m.matches()) {
            return what + ": not a stream ARN (arn:aws:kinesis:<region>:<account>:stream/<name>)";
        }
        if (!m.group(1).equals(connection.region())) {
            return what
                    + ": the ARN's region "
                    + m.group(1)
                    + " is not the connection's region "
                    + connection.region();
        }
        try (KinesisClient client = configure(KinesisClient.builder(), connection).build()) {
            StreamDescriptionSummary s =
                    client.describeStreamSummary(r -> r.streamARN(c.name))
                            .streamDescriptionSummary();
            String status = s.streamStatusAsString();
            if (!"ACTIVE".equals(status) && !"UPDATING".equals(status)) {
                return what + ": is " + status + ", not ACTIVE";
            }
            return null;
        } catch (RuntimeException e) {
            return what + ": " + failure(e);
        }
    }

    private static String checkTable(Check c, AwsConnection connection) {
        String what = NonRecoverable.describe("DynamoDB table", c.name, connection);
        if (c.name == null || c.name.isEmpty()) {
            return "DynamoDB table name is not set";
        }
        try (DynamoDbClient client = configure(DynamoDbClient.builder(), connection).build()) {
            TableDescription t = client.describeTable(r -> r.tableName(c.name)).table();
            String status = t.tableStatusAsString();
            if (!"ACTIVE".equals(status) && !"UPDATING".equals(status)) {
                return what + ": is " + status + ", not ACTIVE";
            }
            String hash = null;
            String range = null;
            for (KeySchemaElement k : t.keySchema()) {
                if ("HASH".equals(k.keyTypeAsString())) {
                    hash = k.attributeName();
                } else if ("RANGE".equals(k.keyTypeAsString())) {
                    range = k.attributeName();
                }
            }
            if (!Objects.equals(hash, c.key) || !Objects.equals(range, c.sortKey)) {
                return what
                        + ": has key schema "
                        + keySchema(hash, range)
                        + " but the sink writes "
                        + keySchema(c.key, c.sortKey);
            }
            return null;
        } catch (RuntimeException e) {
            return what + ": " + failure(e);
        }
    }

    private static String keySchema(String hash, String range) {
        return "[partition key "
                + (hash == null ? "none" : "'" + hash + "'")
                + (range == null ? "" : ", sort key '" + range + "'")
                + "]";
    }

    private static String checkOpenSearch(Check c) {
        URI endpoint = URI.create(c.name);
        String what =
                "OpenSearch endpoint "
                        + endpoint
                        + (c.key == null ? "" : " (index '" + c.key + "')");
        int port =
                endpoint.getPort() >= 0
                        ? endpoint.getPort()
                        : "https".equals(endpoint.getScheme()) ? 443 : 80;
        RestClientBuilder builder =
                RestClient.builder(new HttpHost(endpoint.getHost(), port, endpoint.getScheme()));
        String path = endpoint.getPath();
        new OpenSearchRestClientFactory(
                        c.connection,
                        "es",
                        null,
                        null,
                        path == null || path.isEmpty() || path.equals("/") ? null : path,
                        (int) TIMEOUT.toMillis(),
                        (int) TIMEOUT.toMillis())
                .configureRestClientBuilder(builder, null);
        try (RestClient client = builder.build()) {
            Response root = client.performRequest(new Request("GET", "/"));
            int status = root.getStatusLine().getStatusCode();
            if (status / 100 != 2) {
                return what + ": GET / answered HTTP " + status;
            }
            if (c.key != null) {
                String index = URLEncoder.encode(c.key, StandardCharsets.UTF_8.name());
                int s;
                try {
                    // the low-level client does not throw for a HEAD answered 404
                    s =
                            client.performRequest(new Request("HEAD", "/" + index))
                                    .getStatusLine()
                                    .getStatusCode();
                } catch (ResponseException e) {
                    s = e.getResponse().getStatusLine().getStatusCode();
                }
                if (s == 404) {
                    return what + ": the index does not exist";
                }
                if (s / 100 != 2) {
                    return what + ": HEAD /" + c.key + " answered HTTP " + s;
                }
            }
            return null;
        } catch (ResponseException e) {
            int s = e.getResponse().getStatusLine().getStatusCode();
            return what
                    + ": GET / answered HTTP "
                    + s
                    + (s == 401 || s == 403 ? " (access denied)" : "");
        } catch (Exception e) {
            return what
                    + ": does not answer ("
                    + e.getClass().getSimpleName()
                    + ": "
                    + e.getMessage()
                    + ")";
        }
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(
            B builder, AwsConnection connection) {
        builder.region(Region.of(connection.region()))
                .credentialsProvider(AwsCredentials.provider(connection))
                .overrideConfiguration(
                        ClientOverrideConfiguration.builder()
                                .apiCallTimeout(TIMEOUT.multipliedBy(2))
                                .retryPolicy(RetryPolicy.builder().numRetries(1).build())
                                .build());
        connection.endpoint().ifPresent(builder::endpointOverride);
        if (builder instanceof AwsSyncClientBuilder) {
            ((AwsSyncClientBuilder<?, ?>) builder)
                    .httpClientBuilder(
                            ApacheHttpClient.builder()
                                    .connectionTimeout(TIMEOUT)
                                    .socketTimeout(TIMEOUT));
        }
        return builder;
    }

    private static String failure(RuntimeException e) {
        String problem = NonRecoverable.problem(e);
        String detail = e.getClass().getSimpleName() + ": " + e.getMessage();
        if ("not found".equals(problem)) {
            return "does not exist (" + detail + ")";
        }
        if (problem != null) {
            return problem + " (" + detail + ")";
        }
        return "cannot be checked (" + detail + ")";
    }

    private enum Kind {
        KINESIS,
        DYNAMODB,
        OPENSEARCH
    }

    private static final class Check {
        final Kind kind;
        final String property;
        final String name;
        final String key;
        final String sortKey;
        final AwsConnection connection;

        Check(
                Kind kind,
                String property,
                String name,
                String key,
                String sortKey,
                AwsConnection connection) {
            this.kind = kind;
            this.property = property;
            this.name = name;
            this.key = key;
            this.sortKey = sortKey;
            this.connection = connection;
        }
    }
}
