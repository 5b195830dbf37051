package dev.streamkit.aws.opensearch;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.Preflight;
import dev.streamkit.aws.PreflightCheck;
import dev.streamkit.aws.internal.AwsClients;
import dev.streamkit.aws.opensearch.internal.OpenSearchRestClientFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.flink.annotation.Experimental;
import org.apache.flink.util.Preconditions;
import org.apache.http.HttpHost;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;
import org.opensearch.client.RestClientBuilder;

/**
 * {@link Preflight} checks of OpenSearch endpoints.
 *
 * <pre>{@code
 * Preflight.of(OpenSearchPreflight.endpoint("Output.opensearch.endpoint", uri, null, aws))
 *         .check(aws);
 * }</pre>
 *
 * <p>Checked: the endpoint answers {@code GET /} with 2xx and, if an index is given, the index
 * exists ({@code HEAD /<index>}). With SigV4 the requests need {@code es:ESHttpGet} and {@code
 * es:ESHttpHead}. Unreachable endpoints and denied access are problems too, naming the endpoint.
 */
@Experimental
public final class OpenSearchPreflight {

    private OpenSearchPreflight() {}

    /**
     * The endpoint must answer, and {@code index} exist unless null (pass null for indices created
     * on the fly, e.g. daily ones). Requests are signed with SigV4 (service {@code es}) if {@code
     * sigV4} is not null.
     *
     * @param property the configuration property the endpoint comes from, for the problem text
     * @param endpoint the domain or cluster endpoint
     * @param index an index that must exist, or null to check only the endpoint
     * @param sigV4 the connection whose region and credentials sign requests, or null for none
     * @return the check
     */
    public static PreflightCheck endpoint(
            String property, URI endpoint, String index, AwsConnection sigV4) {
        AwsClients.requireProperty(property);
        Preconditions.checkArgument(
                endpoint != null, "endpoint('%s'): endpoint must not be null", property);
        return new EndpointCheck(property, endpoint, index, sigV4);
    }

    /**
     * As {@link #endpoint(String, URI, String, AwsConnection)} without signing.
     *
     * @param property the configuration property the endpoint comes from, for the problem text
     * @param endpoint the domain or cluster endpoint
     * @param index an index that must exist, or null to check only the endpoint
     * @return the check
     */
    public static PreflightCheck endpoint(String property, URI endpoint, String index) {
        return endpoint(property, endpoint, index, null);
    }

    private static final class EndpointCheck implements PreflightCheck {
        private final String property;
        private final URI endpoint;
        private final String index;
        private final AwsConnection sigV4;

        EndpointCheck(String property, URI endpoint, String index, AwsConnection sigV4) {
            this.property = property;
            this.endpoint = endpoint;
            this.index = index;
            this.sigV4 = sigV4;
        }

        @Override
        public String property() {
            return property;
        }

        @Override
        public String problem(AwsConnection connection) {
            String what =
                    "OpenSearch endpoint "
                            + endpoint
                            + (index == null ? "" : " (index '" + index + "')");
            int port =
                    endpoint.getPort() >= 0
                            ? endpoint.getPort()
                            : "https".equals(endpoint.getScheme()) ? 443 : 80;
            RestClientBuilder builder =
                    RestClient.builder(
                            new HttpHost(endpoint.getHost(), port, endpoint.getScheme()));
            String path = endpoint.getPath();
            int timeout = (int) AwsClients.TIMEOUT.toMillis();
            new OpenSearchRestClientFactory(
                            sigV4,
                            "es",
                            null,
                            null,
                            path == null || path.isEmpty() || path.equals("/") ? null : path,
                            timeout,
                            timeout)
                    .configureRestClientBuilder(builder, null);
            try (RestClient client = builder.build()) {
                Response root = client.performRequest(new Request("GET", "/"));
                int status = root.getStatusLine().getStatusCode();
                if (status / 100 != 2) {
                    return what + ": GET / answered HTTP " + status;
                }
                if (index != null) {
                    String encoded = URLEncoder.encode(index, StandardCharsets.UTF_8.name());
                    int s;
                    try {
                        // the low-level client does not throw for a HEAD answered 404
                        s =
                                client.performRequest(new Request("HEAD", "/" + encoded))
                                        .getStatusLine()
                                        .getStatusCode();
                    } catch (ResponseException e) {
                        s = e.getResponse().getStatusLine().getStatusCode();
                    }
                    if (s == 404) {
                        return what + ": the index does not exist";
                    }
                    if (s / 100 != 2) {
                        return what + ": HEAD /" + index + " answered HTTP " + s;
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
    }
}
