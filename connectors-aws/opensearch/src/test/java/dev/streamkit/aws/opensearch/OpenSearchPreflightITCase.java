package dev.streamkit.aws.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.Preflight;
import dev.streamkit.aws.testing.FreePorts;
import dev.streamkit.aws.testing.LocalServices;
import dev.streamkit.aws.testing.OpenSearchLocal;
import dev.streamkit.aws.testing.PreflightProblems;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OpenSearch preflight checks against a local OpenSearch: each mistake names property and endpoint.
 */
class OpenSearchPreflightITCase {

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    /** OpenSearch checks do not use the connection given to check (only their SigV4 one). */
    private static final AwsConnection UNUSED = AwsConnection.region("us-east-1");

    private static OpenSearchLocal openSearch;

    @BeforeAll
    static void start() throws Exception {
        openSearch = LocalServices.openSearch();
        openSearch.send("PUT", "/preflight-index", "{}");
    }

    private static List<String> problems(Preflight p) {
        return PreflightProblems.of(p, UNUSED);
    }

    @Test
    void passesForAnAnsweringEndpointAndAnExistingIndex() {
        Preflight.of(
                        OpenSearchPreflight.endpoint(
                                "Output.opensearch.endpoint",
                                openSearch.endpoint(),
                                "preflight-index"),
                        OpenSearchPreflight.endpoint(
                                "Output.opensearch.endpoint", openSearch.endpoint(), null))
                .check(UNUSED);
    }

    @Test
    void aMissingIndexIsNamed() {
        assertThat(
                        problems(
                                Preflight.of(
                                        OpenSearchPreflight.endpoint(
                                                "Output.opensearch.endpoint",
                                                openSearch.endpoint(),
                                                "preflight-missing-index"))))
                .containsExactly(
                        "property 'Output.opensearch.endpoint': OpenSearch endpoint "
                                + openSearch.endpoint()
                                + " (index 'preflight-missing-index'): the index does not exist");
    }

    @Test
    void anEndpointThatDoesNotAnswerIsNamed() throws Exception {
        URI closed = URI.create("http://localhost:" + FreePorts.find());
        assertThat(
                        problems(
                                Preflight.of(
                                        OpenSearchPreflight.endpoint(
                                                "Output.opensearch.endpoint", closed, null))))
                .singleElement()
                .asString()
                .startsWith(
                        "property 'Output.opensearch.endpoint': OpenSearch endpoint "
                                + closed
                                + ": does not answer (");
    }
}
