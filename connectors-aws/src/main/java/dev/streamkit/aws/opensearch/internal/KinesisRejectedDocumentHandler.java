package dev.streamkit.aws.opensearch.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.internal.AwsCredentials;
import dev.streamkit.aws.internal.Json;
import dev.streamkit.aws.opensearch.RejectedDocument;
import dev.streamkit.aws.opensearch.RejectedDocumentHandler;
import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.MetricGroup;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/** Writes rejected documents as JSON to a Kinesis stream. */
@Internal
public final class KinesisRejectedDocumentHandler implements RejectedDocumentHandler {

    private static final long serialVersionUID = 1L;

    private final String streamArn;
    private final AwsConnection connection;

    private transient KinesisClient client;
    private transient ObjectMapper mapper;

    public KinesisRejectedDocumentHandler(String streamArn, AwsConnection connection) {
        this.streamArn = streamArn;
        this.connection = connection;
    }

    @Override
    public void open(MetricGroup metrics) {
        KinesisClientBuilder b =
                KinesisClient.builder()
                        .region(Region.of(connection.region()))
                        .credentialsProvider(AwsCredentials.provider(connection))
                        .httpClientBuilder(ApacheHttpClient.builder());
        connection.endpoint().ifPresent(b::endpointOverride);
        client = b.build();
        mapper = Json.newMapper(false);
    }

    @Override
    public void onRejected(RejectedDocument document) throws Exception {
        byte[] json = mapper.writeValueAsBytes(document);
        String key = document.getDocumentId() == null ? "unknown" : document.getDocumentId();
        client.putRecord(
                r ->
                        r.streamARN(streamArn)
                                .partitionKey(key.length() > 256 ? key.substring(0, 256) : key)
                                .data(SdkBytes.fromByteArray(json)));
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
