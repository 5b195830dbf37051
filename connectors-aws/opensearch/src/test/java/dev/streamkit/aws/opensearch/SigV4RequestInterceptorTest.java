package dev.streamkit.aws.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamkit.aws.opensearch.internal.SigV4RequestInterceptor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.message.BasicHttpEntityEnclosingRequest;
import org.apache.http.message.BasicHttpRequest;
import org.apache.http.protocol.BasicHttpContext;
import org.apache.http.protocol.HttpCoreContext;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class SigV4RequestInterceptorTest {

    // The credentials, time, region and service of AWS's published SigV4 test suite.
    private static final String ACCESS_KEY = "AKIDEXAMPLE";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Clock SUITE_CLOCK =
            Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);
    private static final Pattern AUTHORIZATION =
            Pattern.compile(
                    "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,"
                            + " SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");

    private static SigV4RequestInterceptor suiteInterceptor() {
        return new SigV4RequestInterceptor(
                StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)),
                "us-east-1",
                "service",
                SUITE_CLOCK);
    }

    private static HttpRequest sign(
            SigV4RequestInterceptor interceptor, HttpRequest request, HttpHost host)
            throws Exception {
        BasicHttpContext context = new BasicHttpContext();
        context.setAttribute(HttpCoreContext.HTTP_TARGET_HOST, host);
        request.setHeader("Host", host.toHostString());
        interceptor.process(request, context);
        return request;
    }

    private static final HttpHost EXAMPLE = new HttpHost("example.amazonaws.com", -1, "https");

    /** aws-sig-v4-test-suite get-vanilla, with the payload hash header the signer adds. */
    @Test
    void getVanillaMatchesTheIndependentImplementationAndThePublishedCanonicalForm()
            throws Exception {
        HttpRequest r = sign(suiteInterceptor(), new BasicHttpRequest("GET", "/"), EXAMPLE);
        Parsed p = Parsed.of(r);
        assertThat(p.accessKey).isEqualTo(ACCESS_KEY);
        assertThat(p.date).isEqualTo("20150830");
        assertThat(header(r, "X-Amz-Date")).isEqualTo("20150830T123600Z");
        assertThat(p.signedHeaders).containsExactly("host", "x-amz-content-sha256", "x-amz-date");
        assertThat(header(r, "x-amz-content-sha256"))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(p.signature).isEqualTo(independent(r, "/", null, new byte[0], "service"));
    }

    /**
     * The published get-vanilla vector exactly (SignedHeaders=host;x-amz-date): the independent
     * implementation must reproduce AWS's signature, which validates it as a reference.
     */
    @Test
    void independentImplementationReproducesThePublishedVectors() throws Exception {
        Map<String, String> headers = new TreeMap<>();
        headers.put("host", "example.amazonaws.com");
        headers.put("x-amz-date", "20150830T123600Z");
        assertThat(
                        SigV4Verifier.signature(
                                "GET",
                                "/",
                                null,
                                headers,
                                Arrays.asList("host", "x-amz-date"),
                                new byte[0],
                                "20150830T123600Z",
                                "us-east-1",
                                "service",
                                SECRET_KEY))
                .isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
        assertThat(
                        SigV4Verifier.signature(
                                "POST",
                                "/",
                                null,
                                headers,
                                Arrays.asList("host", "x-amz-date"),
                                new byte[0],
                                "20150830T123600Z",
                                "us-east-1",
                                "service",
                                SECRET_KEY))
                .isEqualTo("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
        assertThat(
                        SigV4Verifier.signature(
                                "GET",
                                "/",
                                "Param2=value2&Param1=value1",
                                headers,
                                Arrays.asList("host", "x-amz-date"),
                                new byte[0],
                                "20150830T123600Z",
                                "us-east-1",
                                "service",
                                SECRET_KEY))
                .isEqualTo("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    }

    /** An OpenSearch bulk request as the REST client sends it to a domain. */
    @Test
    void bulkRequestToADomainCarriesEveryRequiredHeaderAndAVerifiableSignature() throws Exception {
        SigV4RequestInterceptor interceptor =
                new SigV4RequestInterceptor(
                        StaticCredentialsProvider.create(
                                AwsSessionCredentials.create(ACCESS_KEY, SECRET_KEY, "token-1")),
                        "eu-west-1",
                        "es",
                        Clock.fixed(Instant.parse("2024-03-01T10:00:00Z"), ZoneOffset.UTC));
        String body =
                "{\"index\":{\"_index\":\"orders-2024.03.01\",\"_id\":\"a b/c\"}}\n"
                        + "{\"orderId\":\"a b/c\",\"amount\":1.5}\n";
        BasicHttpEntityEnclosingRequest request =
                new BasicHttpEntityEnclosingRequest("POST", "/_bulk?timeout=1m&refresh=false");
        request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        request.setHeader("Content-Type", "application/json");
        request.setHeader("Content-Length", Integer.toString(body.length()));
        request.setHeader("Connection", "Keep-Alive");
        HttpHost domain =
                new HttpHost("search-orders-abc123.eu-west-1.es.amazonaws.com", 443, "https");
        HttpRequest r = sign(interceptor, request, domain);

        Parsed p = Parsed.of(r);
        assertThat(p.region).isEqualTo("eu-west-1");
        assertThat(p.service).isEqualTo("es");
        assertThat(p.signedHeaders)
                .containsExactly(
                        "content-length",
                        "content-type",
                        "host",
                        "x-amz-content-sha256",
                        "x-amz-date",
                        "x-amz-security-token");
        assertThat(header(r, "X-Amz-Security-Token")).isEqualTo("token-1");
        assertThat(header(r, "Host")).isEqualTo(domain.toHostString());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertThat(header(r, "x-amz-content-sha256"))
                .isEqualTo(SigV4Verifier.hex(SigV4Verifier.sha256(bytes)));
        // the body is still there, unchanged, for the client to send
        assertThat(EntityUtils.toString(request.getEntity())).isEqualTo(body);
        assertThat(p.signature)
                .isEqualTo(
                        independent(
                                r, "/_bulk", "timeout=1m&refresh=false", bytes, "es", "eu-west-1"));
        // and the verification is sensitive to the body, the query and the region
        byte[] tampered = body.replace("1.5", "9.5").getBytes(StandardCharsets.UTF_8);
        assertThat(p.signature)
                .isNotEqualTo(
                        independent(
                                r,
                                "/_bulk",
                                "timeout=1m&refresh=false",
                                tampered,
                                "es",
                                "eu-west-1"))
                .isNotEqualTo(
                        independent(
                                r, "/_bulk", "timeout=2m&refresh=false", bytes, "es", "eu-west-1"))
                .isNotEqualTo(
                        independent(
                                r, "/_bulk", "timeout=1m&refresh=false", bytes, "es", "us-east-1"));
    }

    @Test
    void encodedPathAndQueryAreSignedAsSent() throws Exception {
        HttpRequest r =
                sign(
                        suiteInterceptor(),
                        new BasicHttpRequest("GET", "/orders%2A/_doc/a%20b?q=x%3Ay&pretty"),
                        EXAMPLE);
        assertThat(Parsed.of(r).signature)
                .isEqualTo(
                        independent(
                                r,
                                "/orders%2A/_doc/a%20b",
                                "q=x%3Ay&pretty",
                                new byte[0],
                                "service"));
    }

    private static String independent(
            HttpRequest r, String rawPath, String rawQuery, byte[] body, String service)
            throws Exception {
        return independent(r, rawPath, rawQuery, body, service, "us-east-1");
    }

    private static String independent(
            HttpRequest r,
            String rawPath,
            String rawQuery,
            byte[] body,
            String service,
            String region)
            throws Exception {
        Parsed p = Parsed.of(r);
        Map<String, String> headers = new TreeMap<>();
        for (Header h : r.getAllHeaders()) {
            headers.put(h.getName().toLowerCase(Locale.ROOT), h.getValue());
        }
        return SigV4Verifier.signature(
                r.getRequestLine().getMethod(),
                rawPath,
                rawQuery,
                headers,
                p.signedHeaders,
                body,
                header(r, "X-Amz-Date"),
                region,
                service,
                SECRET_KEY);
    }

    private static String header(HttpRequest r, String name) {
        Header[] h = r.getHeaders(name);
        assertThat(h).as("header %s", name).hasSize(1);
        return h[0].getValue();
    }

    private static final class Parsed {
        String accessKey;
        String date;
        String region;
        String service;
        List<String> signedHeaders;
        String signature;

        static Parsed of(HttpRequest r) {
            Matcher m = AUTHORIZATION.matcher(header(r, "Authorization"));
            assertThat(m.matches()).as("Authorization header format").isTrue();
            Parsed p = new Parsed();
            p.accessKey = m.group(1);
            p.date = m.group(2);
            p.region = m.group(3);
            p.service = m.group(4);
            p.signedHeaders = Arrays.asList(m.group(5).split(";"));
            p.signature = m.group(6);
            return p;
        }
    }
}
