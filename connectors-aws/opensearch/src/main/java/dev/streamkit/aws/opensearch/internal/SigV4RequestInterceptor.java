package dev.streamkit.aws.opensearch.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.annotation.Internal;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpException;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpRequestInterceptor;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.protocol.HttpContext;
import org.apache.http.protocol.HttpCoreContext;
import org.apache.http.util.EntityUtils;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.ResolveIdentityRequest;

/**
 * Signs each request of the Apache HTTP client used by the OpenSearch REST client with AWS
 * Signature Version 4 (AWS SDK v2 {@link AwsV4HttpSigner}), as Amazon OpenSearch Service domains
 * with IAM authentication require. Runs last in the client's interceptor chain, so it signs the
 * exact method, path, query, {@code Host}, {@code Content-Type}, {@code Content-Length} and body
 * that go on the wire; it adds {@code Authorization}, {@code X-Amz-Date}, {@code
 * X-Amz-Content-SHA256} and, for temporary credentials, {@code X-Amz-Security-Token}.
 */
@Internal
public final class SigV4RequestInterceptor implements HttpRequestInterceptor {

    /** Headers that proxies and connection handling may change: never signed. */
    private static final Set<String> UNSIGNED =
            new TreeSet<>(
                    java.util.Arrays.asList(
                            "connection",
                            "keep-alive",
                            "proxy-connection",
                            "te",
                            "upgrade",
                            "expect",
                            "transfer-encoding"));

    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final String region;
    private final String service;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /** Signs every request with SigV4 for this service, region and credentials. */
    public SigV4RequestInterceptor(
            IdentityProvider<? extends AwsCredentialsIdentity> credentials,
            String region,
            String service,
            Clock clock) {
        this.credentials = credentials;
        this.region = region;
        this.service = service;
        this.clock = clock;
    }

    @Override
    public void process(HttpRequest request, HttpContext context)
            throws HttpException, IOException {
        HttpHost host = (HttpHost) context.getAttribute(HttpCoreContext.HTTP_TARGET_HOST);
        if (host == null) {
            throw new HttpException("SigV4: the request has no target host");
        }
        URI uri;
        try {
            uri = new URI(request.getRequestLine().getUri());
        } catch (URISyntaxException e) {
            throw new HttpException("SigV4: invalid request URI", e);
        }
        SdkHttpFullRequest.Builder unsigned =
                SdkHttpFullRequest.builder()
                        .method(
                                SdkHttpMethod.fromValue(
                                        request.getRequestLine()
                                                .getMethod()
                                                .toUpperCase(Locale.ROOT)))
                        .protocol(host.getSchemeName())
                        .host(host.getHostName())
                        .port(host.getPort())
                        .encodedPath(
                                uri.getRawPath() == null || uri.getRawPath().isEmpty()
                                        ? "/"
                                        : uri.getRawPath());
        addQuery(unsigned, uri.getRawQuery());
        for (Header h : request.getAllHeaders()) {
            if (!UNSIGNED.contains(h.getName().toLowerCase(Locale.ROOT))) {
                unsigned.appendHeader(h.getName(), h.getValue());
            }
        }

        byte[] body = null;
        if (request instanceof HttpEntityEnclosingRequest) {
            HttpEntityEnclosingRequest withBody = (HttpEntityEnclosingRequest) request;
            HttpEntity entity = withBody.getEntity();
            if (entity != null) {
                body = EntityUtils.toByteArray(entity);
                ByteArrayEntity repeatable = new ByteArrayEntity(body);
                repeatable.setContentType(entity.getContentType());
                repeatable.setContentEncoding(entity.getContentEncoding());
                withBody.setEntity(repeatable);
            }
        }
        byte[] payload = body == null ? new byte[0] : body;

        AwsCredentialsIdentity identity =
                credentials.resolveIdentity(ResolveIdentityRequest.builder().build()).join();
        SignedRequest signed =
                signer.sign(
                        r ->
                                r.identity(identity)
                                        .request(unsigned.build())
                                        .payload(ContentStreamProvider.fromByteArray(payload))
                                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                                        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock)
                                        .putProperty(
                                                AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));
        SdkHttpRequest result = signed.request();
        for (Map.Entry<String, List<String>> h : result.headers().entrySet()) {
            String name = h.getKey();
            if (name.equalsIgnoreCase("host") && request.containsHeader("Host")) {
                continue;
            }
            request.removeHeaders(name);
            for (String value : h.getValue()) {
                request.addHeader(name, value);
            }
        }
    }

    private static void addQuery(SdkHttpFullRequest.Builder b, String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            b.appendRawQueryParameter(decode(name), decode(value));
        }
    }

    private static String decode(String s) {
        // '+' is a literal plus in a URI query, not a space
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
