package dev.streamkit.aws.opensearch.internal;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.internal.AwsCredentials;
import java.time.Clock;
import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.opensearch.sink.RestClientFactory;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.opensearch.client.RestClientBuilder;

/**
 * Configures the OpenSearch REST client: timeouts, path prefix, and either HTTP basic auth or SigV4
 * signing (never both).
 */
@Internal
public final class OpenSearchRestClientFactory implements RestClientFactory {

    private static final long serialVersionUID = 1L;

    private final AwsConnection sigV4Connection;
    private final String sigV4Service;
    private final String username;
    private final String password;
    private final String pathPrefix;
    private final int connectTimeoutMillis;
    private final int socketTimeoutMillis;

    /** Configures the REST client: SigV4 or basic auth, path prefix and timeouts. */
    public OpenSearchRestClientFactory(
            AwsConnection sigV4Connection,
            String sigV4Service,
            String username,
            String password,
            String pathPrefix,
            int connectTimeoutMillis,
            int socketTimeoutMillis) {
        this.sigV4Connection = sigV4Connection;
        this.sigV4Service = sigV4Service;
        this.username = username;
        this.password = password;
        this.pathPrefix = pathPrefix;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.socketTimeoutMillis = socketTimeoutMillis;
    }

    @Override
    public void configureRestClientBuilder(RestClientBuilder builder, RestClientConfig config) {
        if (pathPrefix != null) {
            builder.setPathPrefix(pathPrefix);
        }
        builder.setRequestConfigCallback(
                rc ->
                        rc.setConnectTimeout(connectTimeoutMillis)
                                .setSocketTimeout(socketTimeoutMillis));
        builder.setHttpClientConfigCallback(
                http -> {
                    if (username != null) {
                        BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                        credentials.setCredentials(
                                AuthScope.ANY, new UsernamePasswordCredentials(username, password));
                        http.setDefaultCredentialsProvider(credentials);
                    }
                    if (sigV4Connection != null) {
                        http.addInterceptorLast(
                                new SigV4RequestInterceptor(
                                        AwsCredentials.provider(sigV4Connection),
                                        sigV4Connection.region(),
                                        sigV4Service,
                                        Clock.systemUTC()));
                    }
                    return http;
                });
    }
}
