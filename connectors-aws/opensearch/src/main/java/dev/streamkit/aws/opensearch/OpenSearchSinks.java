package dev.streamkit.aws.opensearch;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.opensearch.internal.JsonDocumentEmitter;
import dev.streamkit.aws.opensearch.internal.OpenSearchRestClientFactory;
import dev.streamkit.aws.opensearch.internal.RoutingBulkResponseInspector;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.opensearch.sink.FlushBackoffType;
import org.apache.flink.connector.opensearch.sink.Opensearch2Sink;
import org.apache.flink.connector.opensearch.sink.Opensearch2SinkBuilder;
import org.apache.flink.util.Preconditions;
import org.apache.http.HttpHost;

/**
 * OpenSearch sinks writing records as JSON documents with deterministic ids, on the connector's
 * {@code Opensearch2Sink} (bulk API).
 *
 * <pre>{@code
 * Opensearch2Sink<Order> sink =
 *         OpenSearchSinks.json(Order.class)
 *                 .hosts(URI.create("https://search-orders-abc.eu-west-1.es.amazonaws.com"))
 *                 .sigV4(AwsConnection.region("eu-west-1"))
 *                 .index(IndexNamer.daily("orders-", Order::getEventTime))
 *                 .documentId(Order::getOrderId)
 *                 .rejectedDocuments(RejectedDocumentHandlers.toKinesis(dlqArn, connection))
 *                 .build();
 * }</pre>
 *
 * <p>Guarantees: at-least-once (pending bulk requests are flushed on every checkpoint); with
 * deterministic ids a replay overwrites the same documents, so the index converges to exactly one
 * document per id. Rejected documents (4xx item status other than 429, e.g. mapping conflicts) are
 * counted in {@code numRejectedDocuments} and passed to the {@link RejectedDocumentHandler} instead
 * of failing the job. Throttling (429) is retried by the bulk processor with exponential back-off;
 * items still failing with 429 or 5xx after that, and failed bulk requests, fail the subtask so the
 * job restarts from its last checkpoint and re-sends them.
 *
 * <p>Defaults: bulk flush every 1000 actions, 5 MB or 1 s, whichever comes first; exponential
 * back-off of 5 retries starting at 100 ms; connect timeout 5 s, socket timeout 60 s; no
 * authentication; rejected documents logged at WARN ({@link RejectedDocumentHandlers#log()}).
 */
@PublicEvolving
public final class OpenSearchSinks {

    private OpenSearchSinks() {}

    /**
     * A sink serializing {@code type} with Jackson.
     *
     * @param type the record class
     * @param <T> the record type
     * @return a builder with the defaults
     */
    public static <T> Builder<T> json(Class<T> type) {
        Preconditions.checkNotNull(type, "type must not be null");
        return new Builder<>();
    }

    /**
     * Builder of a JSON {@link Opensearch2Sink}; {@link #build()} validates.
     *
     * @param <T> the record type
     */
    @PublicEvolving
    public static final class Builder<T> implements Cloneable {
        private List<URI> hosts = new ArrayList<>();
        private IndexNamer<T> indexNamer;
        private DocumentIdExtractor<T> documentId;
        private AwsConnection sigV4Connection;
        private String sigV4Service = "es";
        private String username;
        private String password;
        private String pathPrefix;
        private int bulkFlushMaxActions = 1000;
        private int bulkFlushMaxSizeMb = 5;
        private Duration bulkFlushInterval = Duration.ofSeconds(1);
        private int backoffMaxRetries = 5;
        private Duration backoffInitialDelay = Duration.ofMillis(100);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration socketTimeout = Duration.ofSeconds(60);
        private RejectedDocumentHandler rejectedDocuments = RejectedDocumentHandlers.log();

        private Builder() {}

        /**
         * Required: the endpoints, e.g. {@code https://search-x.eu-west-1.es.amazonaws.com} or
         * {@code http://localhost:9201} (an endpoint override for local runs).
         *
         * @param hosts one or more http or https endpoints
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> hosts(URI... hosts) {
            Builder<T> b = copy();
            b.hosts.clear();
            b.hosts.addAll(Arrays.asList(hosts));
            return b;
        }

        /**
         * Required.
         *
         * @param indexNamer chooses each document's index
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> index(IndexNamer<T> indexNamer) {
            Builder<T> b = copy();
            b.indexNamer = indexNamer;
            return b;
        }

        /**
         * Required: a deterministic id per record.
         *
         * @param documentId chooses each document's id
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> documentId(DocumentIdExtractor<T> documentId) {
            Builder<T> b = copy();
            b.documentId = documentId;
            return b;
        }

        /**
         * Signs requests with SigV4 for an Amazon OpenSearch Service domain with IAM auth, using
         * the connection's region and credentials (service name {@code es}).
         *
         * @param connection the region and credentials that sign requests
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> sigV4(AwsConnection connection) {
            return sigV4(connection, "es");
        }

        /**
         * SigV4 with an explicit service name ({@code aoss} for OpenSearch Serverless).
         *
         * @param connection the region and credentials that sign requests
         * @param service the SigV4 service name, {@code es} or {@code aoss}
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> sigV4(AwsConnection connection, String service) {
            Builder<T> b = copy();
            b.sigV4Connection = connection;
            b.sigV4Service = service;
            return b;
        }

        /**
         * HTTP basic authentication (fine-grained access control's internal users).
         *
         * @param username the user name
         * @param password the user's password
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> basicAuth(String username, String password) {
            Builder<T> b = copy();
            b.username = username;
            b.password = password;
            return b;
        }

        /**
         * A path prefix in front of every request (a domain behind a proxy path); default none.
         *
         * @param pathPrefix the path in front of every request, e.g. {@code /opensearch}
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> pathPrefix(String pathPrefix) {
            Builder<T> b = copy();
            b.pathPrefix = pathPrefix;
            return b;
        }

        /**
         * A bulk request is sent after this many actions (default 1000).
         *
         * @param actions the most actions per bulk request
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> bulkFlushMaxActions(int actions) {
            Builder<T> b = copy();
            b.bulkFlushMaxActions = actions;
            return b;
        }

        /**
         * A bulk request is sent after this many MB (default 5).
         *
         * @param sizeMb the largest bulk request in MB
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> bulkFlushMaxSizeMb(int sizeMb) {
            Builder<T> b = copy();
            b.bulkFlushMaxSizeMb = sizeMb;
            return b;
        }

        /**
         * A bulk request is sent at least this often (default 1 s).
         *
         * @param interval the longest time between bulk requests
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> bulkFlushInterval(Duration interval) {
            Builder<T> b = copy();
            b.bulkFlushInterval = interval;
            return b;
        }

        /**
         * Exponential back-off for throttled (429) bulk items.
         *
         * @param maxRetries how often a throttled item is retried (at least 1)
         * @param initialDelay the delay before the first retry, doubled for each next one
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> backoff(int maxRetries, Duration initialDelay) {
            Builder<T> b = copy();
            b.backoffMaxRetries = maxRetries;
            b.backoffInitialDelay = initialDelay;
            return b;
        }

        /**
         * Connect and socket timeouts of the REST client (default 5 s, 60 s).
         *
         * @param connect the connect timeout
         * @param socket the socket (read) timeout
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> timeouts(Duration connect, Duration socket) {
            Builder<T> b = copy();
            b.connectTimeout = connect;
            b.socketTimeout = socket;
            return b;
        }

        /**
         * What happens to documents OpenSearch rejects (default: log at WARN; always counted).
         *
         * @param handler receives each rejected document
         * @return a new builder with this setting; this one is unchanged
         */
        public Builder<T> rejectedDocuments(RejectedDocumentHandler handler) {
            Builder<T> b = copy();
            b.rejectedDocuments = handler;
            return b;
        }

        /**
         * Validates every setting (naming the one that is wrong) and builds the sink.
         *
         * @return the sink
         * @throws IllegalArgumentException naming the setting that is missing or invalid
         */
        public Opensearch2Sink<T> build() {
            Preconditions.checkArgument(!hosts.isEmpty(), "hosts must contain at least one URI");
            HttpHost[] httpHosts = new HttpHost[hosts.size()];
            for (int i = 0; i < hosts.size(); i++) {
                URI h = hosts.get(i);
                Preconditions.checkArgument(
                        h != null
                                && ("http".equals(h.getScheme()) || "https".equals(h.getScheme()))
                                && h.getHost() != null,
                        "hosts must be http or https URIs with a host, got '%s'",
                        h);
                // no explicit port: the scheme's default, and a bare Host header as AWS clients
                // send
                httpHosts[i] = new HttpHost(h.getHost(), h.getPort(), h.getScheme());
            }
            Preconditions.checkArgument(indexNamer != null, "index must be set");
            Preconditions.checkArgument(documentId != null, "documentId must be set");
            Preconditions.checkArgument(
                    sigV4Connection == null || username == null,
                    "sigV4 and basicAuth cannot be combined");
            Preconditions.checkArgument(
                    sigV4Service != null && !sigV4Service.isEmpty(),
                    "sigV4 service must be non-empty");
            Preconditions.checkArgument(
                    username == null || (!username.isEmpty() && password != null),
                    "basicAuth needs a non-empty username and a password");
            Preconditions.checkArgument(
                    bulkFlushMaxActions >= 1,
                    "bulkFlushMaxActions must be >= 1, got %s",
                    bulkFlushMaxActions);
            Preconditions.checkArgument(
                    bulkFlushMaxSizeMb >= 1,
                    "bulkFlushMaxSizeMb must be >= 1, got %s",
                    bulkFlushMaxSizeMb);
            Preconditions.checkArgument(
                    bulkFlushInterval != null && bulkFlushInterval.toMillis() >= 1,
                    "bulkFlushInterval must be >= 1 ms, got %s",
                    bulkFlushInterval);
            Preconditions.checkArgument(
                    backoffMaxRetries >= 1,
                    "backoff maxRetries must be >= 1, got %s",
                    backoffMaxRetries);
            Preconditions.checkArgument(
                    backoffInitialDelay != null && backoffInitialDelay.toMillis() >= 1,
                    "backoff initialDelay must be >= 1 ms, got %s",
                    backoffInitialDelay);
            Preconditions.checkArgument(
                    connectTimeout != null
                            && connectTimeout.toMillis() >= 1
                            && socketTimeout != null
                            && socketTimeout.toMillis() >= 1,
                    "timeouts must be >= 1 ms, got connect %s and socket %s",
                    connectTimeout,
                    socketTimeout);
            Preconditions.checkArgument(
                    rejectedDocuments != null, "rejectedDocuments must not be null");

            RejectedDocumentHandler handler = rejectedDocuments;
            Opensearch2SinkBuilder<T> b =
                    new Opensearch2SinkBuilder<T>()
                            .setHosts(httpHosts)
                            .setEmitter(new JsonDocumentEmitter<>(indexNamer, documentId, handler))
                            .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                            .setBulkFlushMaxActions(bulkFlushMaxActions)
                            .setBulkFlushMaxSizeMb(bulkFlushMaxSizeMb)
                            .setBulkFlushInterval(bulkFlushInterval.toMillis())
                            .setBulkFlushBackoffStrategy(
                                    FlushBackoffType.EXPONENTIAL,
                                    backoffMaxRetries,
                                    backoffInitialDelay.toMillis())
                            .setRestClientFactory(
                                    new OpenSearchRestClientFactory(
                                            sigV4Connection,
                                            sigV4Service,
                                            username,
                                            password,
                                            pathPrefix,
                                            (int) connectTimeout.toMillis(),
                                            (int) socketTimeout.toMillis()))
                            .setBulkResponseInspectorFactory(
                                    context -> newInspector(handler, context.metricGroup()));
            return b.build();
        }

        private static RoutingBulkResponseInspector newInspector(
                RejectedDocumentHandler handler, org.apache.flink.metrics.MetricGroup metrics) {
            try {
                return new RoutingBulkResponseInspector(handler, metrics);
            } catch (Exception e) {
                throw new IllegalStateException("cannot open the rejected-document handler", e);
            }
        }

        /** A copy for the next setter: setters never change the builder they are called on. */
        @SuppressWarnings("unchecked")
        private Builder<T> copy() {
            try {
                Builder<T> b = (Builder<T>) clone();
                b.hosts = new ArrayList<>(hosts);
                return b;
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
