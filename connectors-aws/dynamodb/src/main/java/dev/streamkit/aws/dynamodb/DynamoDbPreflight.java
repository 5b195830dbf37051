package dev.streamkit.aws.dynamodb;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.Preflight;
import dev.streamkit.aws.PreflightCheck;
import dev.streamkit.aws.internal.AwsClients;
import dev.streamkit.aws.internal.NonRecoverable;
import java.util.Objects;
import org.apache.flink.annotation.Experimental;
import org.apache.flink.util.Preconditions;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * {@link Preflight} checks of DynamoDB tables.
 *
 * <pre>{@code
 * Preflight.of(DynamoDbPreflight.table("Output.table", props.get(TABLE), "orderId")).check(aws);
 * }</pre>
 *
 * <p>Checked: the table exists ({@code dynamodb:DescribeTable}), is ACTIVE or UPDATING, and its key
 * schema is exactly the partition (and sort) key the sink writes. Unreachable endpoints, denied
 * access and wrong credentials are problems too, naming the table, region and endpoint.
 */
@Experimental
public final class DynamoDbPreflight {

    private DynamoDbPreflight() {}

    /**
     * The table must exist with exactly {@code partitionKey} as its key, checked through the
     * connection given to {@link Preflight#check}.
     *
     * @param property the configuration property the table name comes from, for the problem text
     * @param table the table name
     * @param partitionKey the expected partition key attribute
     * @return the check
     */
    public static PreflightCheck table(String property, String table, String partitionKey) {
        return table(property, table, partitionKey, null, null);
    }

    /**
     * The table must exist with exactly this key schema ({@code sortKey} null for a table without
     * one), through {@code connection} (null: the one given to {@link Preflight#check}).
     *
     * @param property the configuration property the table name comes from, for the problem text
     * @param table the table name
     * @param partitionKey the expected partition key attribute
     * @param sortKey the expected sort key attribute, or null for none
     * @param connection the connection to check through; null for the one given to {@link
     *     Preflight#check}
     * @return the check
     */
    public static PreflightCheck table(
            String property,
            String table,
            String partitionKey,
            String sortKey,
            AwsConnection connection) {
        AwsClients.requireProperty(property);
        Preconditions.checkArgument(
                partitionKey != null && !partitionKey.isEmpty(),
                "table('%s'): partitionKey must be set",
                property);
        return new TableCheck(property, table, partitionKey, sortKey, connection);
    }

    private static final class TableCheck implements PreflightCheck {
        private final String property;
        private final String table;
        private final String partitionKey;
        private final String sortKey;
        private final AwsConnection own;

        TableCheck(
                String property,
                String table,
                String partitionKey,
                String sortKey,
                AwsConnection own) {
            this.property = property;
            this.table = table;
            this.partitionKey = partitionKey;
            this.sortKey = sortKey;
            this.own = own;
        }

        @Override
        public String property() {
            return property;
        }

        @Override
        public String problem(AwsConnection connection) {
            AwsConnection c = own == null ? connection : own;
            String what = NonRecoverable.describe("DynamoDB table", table, c);
            if (table == null || table.isEmpty()) {
                return "DynamoDB table name is not set";
            }
            try (DynamoDbClient client =
                    AwsClients.forPreflight(DynamoDbClient.builder(), c).build()) {
                TableDescription t = client.describeTable(r -> r.tableName(table)).table();
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
                if (!Objects.equals(hash, partitionKey) || !Objects.equals(range, sortKey)) {
                    return what
                            + ": has key schema "
                            + keySchema(hash, range)
                            + " but the sink writes "
                            + keySchema(partitionKey, sortKey);
                }
                return null;
            } catch (RuntimeException e) {
                return what + ": " + AwsClients.failure(e);
            }
        }

        private static String keySchema(String hash, String range) {
            return "[partition key "
                    + (hash == null ? "none" : "'" + hash + "'")
                    + (range == null ? "" : ", sort key '" + range + "'")
                    + "]";
        }
    }
}
