package dev.streamkit.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.Preflight;
import dev.streamkit.aws.PreflightException;
import dev.streamkit.aws.dynamodb.DynamoDbPreflight;
import dev.streamkit.aws.kinesis.KinesisPreflight;
import dev.streamkit.aws.opensearch.OpenSearchPreflight;
import dev.streamkit.aws.testing.DynamoDbLocal;
import dev.streamkit.aws.testing.FreePorts;
import dev.streamkit.aws.testing.KinesisLocal;
import dev.streamkit.aws.testing.LocalServices;
import dev.streamkit.aws.testing.OpenSearchLocal;
import dev.streamkit.aws.testing.PreflightProblems;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Preflight across services against the local services: every problem is named with property and
 * resource, all in one exception. Each service's own checks are tested in its module.
 */
class PreflightITCase {

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    private static KinesisLocal kinesis;
    private static DynamoDbLocal dynamo;
    private static OpenSearchLocal openSearch;

    @BeforeAll
    static void start() throws Exception {
        kinesis = LocalServices.kinesis();
        dynamo = LocalServices.dynamo();
        openSearch = LocalServices.openSearch();
        dynamo.createTable("preflight-ok", "orderId");
        dynamo.createTable("preflight-wrong-key", "id");
        openSearch.send("PUT", "/preflight-index", "{}");
    }

    private static List<String> problems(Preflight p) {
        return PreflightProblems.of(p, kinesis.connection());
    }

    private static String kinesisResource(String arn) {
        return "Kinesis stream " + arn + " (region us-east-1, endpoint " + kinesis.endpoint() + ")";
    }

    @Test
    void passesWhenEveryResourceExistsAsTheSinksExpect() {
        Preflight.checks()
                .and(KinesisPreflight.stream("Input.stream.arn", KinesisLocal.arn("preflight")))
                .and(
                        DynamoDbPreflight.table(
                                "Output.table",
                                "preflight-ok",
                                "orderId",
                                null,
                                dynamo.connection()))
                .and(
                        OpenSearchPreflight.endpoint(
                                "Output.opensearch.endpoint",
                                openSearch.endpoint(),
                                "preflight-index"))
                .and(
                        OpenSearchPreflight.endpoint(
                                "Output.opensearch.endpoint", openSearch.endpoint(), null))
                .check(kinesis.connection());
    }

    @Test
    void aWrongRegionOrEndpointIsNamed() throws Exception {
        String otherRegion = "arn:aws:kinesis:eu-west-1:000000000000:stream/preflight";
        URI closed = URI.create("http://localhost:" + FreePorts.find());
        AwsConnection nowhere =
                AwsConnection.builder()
                        .region("us-east-1")
                        .endpoint(closed)
                        .basicCredentials("local", "local")
                        .build();
        List<String> problems =
                problems(
                        Preflight.checks()
                                .and(KinesisPreflight.stream("Input.stream.arn", otherRegion))
                                .and(
                                        KinesisPreflight.stream(
                                                "Output.stream.arn",
                                                KinesisLocal.arn("preflight"),
                                                nowhere))
                                .and(
                                        DynamoDbPreflight.table(
                                                "Output.table",
                                                "preflight-ok",
                                                "orderId",
                                                null,
                                                nowhere))
                                .and(
                                        OpenSearchPreflight.endpoint(
                                                "Output.opensearch.endpoint", closed, null)));
        assertThat(problems).hasSize(4);
        assertThat(problems.get(0))
                .isEqualTo(
                        "property 'Input.stream.arn': "
                                + kinesisResource(otherRegion)
                                + ": the ARN's region eu-west-1 is not the connection's region"
                                + " us-east-1");
        assertThat(problems.get(1))
                .startsWith(
                        "property 'Output.stream.arn': Kinesis stream "
                                + KinesisLocal.arn("preflight")
                                + " (region us-east-1, endpoint "
                                + closed
                                + "): cannot be checked (");
        assertThat(problems.get(2))
                .startsWith(
                        "property 'Output.table': DynamoDB table preflight-ok (region us-east-1,"
                                + " endpoint "
                                + closed
                                + "): cannot be checked (");
        assertThat(problems.get(3))
                .startsWith(
                        "property 'Output.opensearch.endpoint': OpenSearch endpoint "
                                + closed
                                + ": does not answer (");
    }

    @Test
    void everyProblemIsListedInOneException() {
        assertThatThrownBy(
                        () ->
                                Preflight.checks()
                                        .and(
                                                KinesisPreflight.stream(
                                                        "Input.stream.arn",
                                                        KinesisLocal.arn("preflight-missing")))
                                        .and(
                                                KinesisPreflight.stream(
                                                        "DeadLetters.stream.arn",
                                                        KinesisLocal.arn("preflight")))
                                        .and(
                                                DynamoDbPreflight.table(
                                                        "Output.table",
                                                        "preflight-missing",
                                                        "orderId",
                                                        null,
                                                        dynamo.connection()))
                                        .and(
                                                OpenSearchPreflight.endpoint(
                                                        "Output.opensearch.endpoint",
                                                        openSearch.endpoint(),
                                                        "preflight-missing-index"))
                                        .check(kinesis.connection()))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("Preflight failed (3 problems):")
                .hasMessageContaining("property 'Input.stream.arn': ")
                .hasMessageNotContaining("DeadLetters.stream.arn")
                .hasMessageContaining("property 'Output.table': ")
                .hasMessageContaining(
                        "property 'Output.opensearch.endpoint': OpenSearch endpoint "
                                + openSearch.endpoint()
                                + " (index 'preflight-missing-index'): the index does not exist");
    }
}
