package dev.streamkit.aws.opensearch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP proxy in front of OpenSearch that checks the SigV4 signature of every request as it
 * arrives on the wire (method, raw path and query, received headers, received body) with {@link
 * SigV4Verifier}, like a domain with IAM auth would, and answers 403 on a mismatch.
 */
final class SigV4VerifyingProxy implements AutoCloseable {

    private static final Pattern AUTHORIZATION =
            Pattern.compile(
                    "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,"
                            + " SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");
    private static final Set<String> REQUIRED =
            new HashSet<>(Arrays.asList("host", "x-amz-date", "x-amz-content-sha256"));
    private static final Set<String> NOT_FORWARDED =
            new HashSet<>(
                    Arrays.asList("connection", "content-length", "expect", "host", "upgrade"));

    private final HttpServer server;
    private final URI target;
    private final String accessKey;
    private final String secretKey;
    private final String region;
    private final HttpClient client =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    final AtomicInteger verified = new AtomicInteger();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    SigV4VerifyingProxy(URI target, String accessKey, String secretKey, String region)
            throws IOException {
        this.target = target;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.region = region;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    URI endpoint() {
        return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String problem = verify(exchange, body);
            if (problem != null) {
                failures.add(problem);
                respond(
                        exchange,
                        403,
                        "application/json",
                        ("{\"message\":\"" + problem + "\"}").getBytes());
                return;
            }
            verified.incrementAndGet();
            forward(exchange, body);
        } catch (Exception e) {
            failures.add("proxy error: " + e);
            respond(exchange, 502, "text/plain", String.valueOf(e).getBytes());
        }
    }

    private String verify(HttpExchange exchange, byte[] body) throws Exception {
        Map<String, String> headers = new TreeMap<>();
        for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            headers.put(h.getKey().toLowerCase(Locale.ROOT), String.join(",", h.getValue()));
        }
        String authorization = headers.get("authorization");
        if (authorization == null) {
            return "no Authorization header";
        }
        Matcher m = AUTHORIZATION.matcher(authorization);
        if (!m.matches()) {
            return "malformed Authorization header";
        }
        List<String> signed = Arrays.asList(m.group(5).split(";"));
        if (!signed.containsAll(REQUIRED)) {
            return "signed headers " + signed + " lack one of " + REQUIRED;
        }
        if (!m.group(1).equals(accessKey)
                || !m.group(3).equals(region)
                || !m.group(4).equals("es")) {
            return "unexpected credential scope " + m.group(0);
        }
        String payloadHash = SigV4Verifier.hex(SigV4Verifier.sha256(body));
        if (!payloadHash.equals(headers.get("x-amz-content-sha256"))) {
            return "x-amz-content-sha256 does not match the received body";
        }
        URI uri = exchange.getRequestURI();
        String expected =
                SigV4Verifier.signature(
                        exchange.getRequestMethod(),
                        uri.getRawPath(),
                        uri.getRawQuery(),
                        headers,
                        signed,
                        body,
                        headers.get("x-amz-date"),
                        region,
                        "es",
                        secretKey);
        return expected.equals(m.group(6))
                ? null
                : "signature mismatch for " + exchange.getRequestMethod() + " " + uri;
    }

    private void forward(HttpExchange exchange, byte[] body) throws Exception {
        URI uri = exchange.getRequestURI();
        HttpRequest.Builder b =
                HttpRequest.newBuilder(
                                URI.create(
                                        target
                                                + uri.getRawPath()
                                                + (uri.getRawQuery() == null
                                                        ? ""
                                                        : "?" + uri.getRawQuery())))
                        .timeout(Duration.ofSeconds(60))
                        .method(
                                exchange.getRequestMethod(),
                                body.length == 0
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            if (!NOT_FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                for (String v : h.getValue()) {
                    b.header(h.getKey(), v);
                }
            }
        }
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        respond(
                exchange,
                r.statusCode(),
                r.headers().firstValue("content-type").orElse("application/json"),
                r.body());
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
