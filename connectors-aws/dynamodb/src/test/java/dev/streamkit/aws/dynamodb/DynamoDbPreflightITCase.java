package dev.streamkit.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.Preflight;
import dev.streamkit.aws.testing.DynamoDbLocal;
import dev.streamkit.aws.testing.LocalServices;
import dev.streamkit.aws.testing.PreflightProblems;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DynamoDB preflight checks against DynamoDB Local: each mistake is named with property and table.
 */
class DynamoDbPreflightITCase {

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    private static DynamoDbLocal dynamo;

    @BeforeAll
    static void start() throws Exception {
        dynamo = LocalServices.dynamo();
        dynamo.createTable("preflight-ok", "orderId");
        dynamo.createTable("preflight-wrong-key", "id");
    }

    private static List<String> problems(Preflight p) {
        return PreflightProblems.of(p, dynamo.connection());
    }

    private static String tableResource(String table) {
        return "DynamoDB table "
                + table
                + " (region us-east-1, endpoint "
                + dynamo.endpoint()
                + ")";
    }

    @Test
    void passesForATableWithTheSinksKey() {
        Preflight.of(DynamoDbPreflight.table("Output.table", "preflight-ok", "orderId"))
                .check(dynamo.connection());
    }

    @Test
    void aMissingTableIsNamed() {
        assertThat(
                        problems(
                                Preflight.checks()
                                        .and(
                                                DynamoDbPreflight.table(
                                                        "Output.table",
                                                        "preflight-missing",
                                                        "orderId",
                                                        null,
                                                        dynamo.connection()))))
                .singleElement()
                .asString()
                .startsWith(
                        "property 'Output.table': "
                                + tableResource("preflight-missing")
                                + ": does not exist (ResourceNotFoundException");
    }

    @Test
    void aTableWithAnotherKeyIsNamedWithBothKeySchemas() {
        assertThat(
                        problems(
                                Preflight.checks()
                                        .and(
                                                DynamoDbPreflight.table(
                                                        "Output.table",
                                                        "preflight-wrong-key",
                                                        "orderId",
                                                        null,
                                                        dynamo.connection()))
                                        .and(
                                                DynamoDbPreflight.table(
                                                        "Output.sessions",
                                                        "preflight-ok",
                                                        "orderId",
                                                        "eventTime",
                                                        dynamo.connection()))))
                .containsExactly(
                        "property 'Output.table': "
                                + tableResource("preflight-wrong-key")
                                + ": has key schema [partition key 'id'] but the sink writes"
                                + " [partition key 'orderId']",
                        "property 'Output.sessions': "
                                + tableResource("preflight-ok")
                                + ": has key schema [partition key 'orderId'] but the sink writes"
                                + " [partition key 'orderId', sort key 'eventTime']");
    }
}
