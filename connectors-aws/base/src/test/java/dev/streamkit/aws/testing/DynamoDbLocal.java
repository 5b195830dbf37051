package dev.streamkit.aws.testing;

import dev.streamkit.aws.AwsConnection;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local in server mode inside the test JVM, in memory, on a free loopback port, with one
 * shared database ({@code -sharedDb}: without it DynamoDB Local keeps separate tables per access
 * key and region).
 */
public final class DynamoDbLocal implements AutoCloseable {

    private final DynamoDBProxyServer server;
    private final int port;
    private final DynamoDbClient client;

    private DynamoDbLocal(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
        this.client =
                DynamoDbClient.builder()
                        .region(Region.US_EAST_1)
                        .endpointOverride(endpoint())
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create("local", "local")))
                        .httpClientBuilder(ApacheHttpClient.builder())
                        .build();
    }

    public static DynamoDbLocal start() throws Exception {
        int port = FreePorts.find();
        DynamoDBProxyServer server;
        try {
            server =
                    ServerRunner.createServerFromCommandLineArgs(
                            new String[] {
                                "-inMemory",
                                // one database for every access key and region: a table created
                                // with the AWS CLI's key is the table the job (another key) sees
                                "-sharedDb",
                                "-port",
                                Integer.toString(port),
                                "-disableTelemetry"
                            });
            server.start();
        } catch (Exception | LinkageError e) {
            throw new IllegalStateException("DynamoDB Local could not start on port " + port, e);
        }
        DynamoDbLocal local = new DynamoDbLocal(server, port);
        local.client.listTables();
        return local;
    }

    public URI endpoint() {
        return URI.create("http://localhost:" + port);
    }

    public AwsConnection connection() {
        return AwsConnection.builder()
                .region("us-east-1")
                .endpoint(endpoint())
                .basicCredentials("local", "local")
                .build();
    }

    public DynamoDbClient client() {
        return client;
    }

    /** Creates an on-demand table with a string partition key. */
    public void createTable(String table, String partitionKey) {
        client.createTable(
                r ->
                        r.tableName(table)
                                .billingMode(BillingMode.PAY_PER_REQUEST)
                                .attributeDefinitions(
                                        AttributeDefinition.builder()
                                                .attributeName(partitionKey)
                                                .attributeType(ScalarAttributeType.S)
                                                .build())
                                .keySchema(
                                        KeySchemaElement.builder()
                                                .attributeName(partitionKey)
                                                .keyType(KeyType.HASH)
                                                .build()));
    }

    public List<Map<String, AttributeValue>> scan(String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        client.scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build())
                .items()
                .forEach(items::add);
        return items;
    }

    /** Reads an item written from an {@link Order}. */
    public static Order toOrder(Map<String, AttributeValue> item) {
        return new Order(
                item.get("orderId").s(),
                item.get("customerId").s(),
                Double.parseDouble(item.get("amount").n()),
                Long.parseLong(item.get("eventTime").n()));
    }

    @Override
    public void close() throws Exception {
        client.close();
        server.stop();
    }
}
