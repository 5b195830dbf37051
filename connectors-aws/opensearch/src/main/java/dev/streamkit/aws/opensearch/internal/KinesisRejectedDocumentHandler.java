package dev.streamkit.aws.opensearch.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.internal.AwsCredentials;
import dev.streamkit.aws.internal.Json;
import dev.streamkit.aws.opensearch.RejectedDocument;
import dev.streamkit.aws.opensearch.RejectedDocumentHandler;
import java.io.IOException;
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

    /** Kinesis: data plus partition key of one record. */
    static final int MAX_RECORD_BYTES = 1024 * 1024;

    private final String streamArn;
    private final AwsConnection connection;

    private transient KinesisClient client;
    private transient ObjectMapper mapper;

    /** Writes rejected documents to {@code streamArn} through {@code connection}. */
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
        String key = partitionKey(document);
        byte[] json = fit(mapper, document, MAX_RECORD_BYTES - key.getBytes(UTF_8).length);
        client.putRecord(
                r -> r.streamARN(streamArn).partitionKey(key).data(SdkBytes.fromByteArray(json)));
    }

    static String partitionKey(RejectedDocument document) {
        String key = document.getDocumentId() == null ? "unknown" : document.getDocumentId();
        return key.length() > 256 ? key.substring(0, 256) : key;
    }

    /**
     * The document as JSON of at most {@code budget} bytes: if it does not fit, the longest prefix
     * of the source that does (binary search: JSON escaping makes sizes irregular), flagged {@code
     * sourceTruncated}; size and hash keep describing the original.
     */
    public static byte[] fit(ObjectMapper mapper, RejectedDocument document, int budget)
            throws IOException {
        byte[] json = mapper.writeValueAsBytes(document);
        if (json.length <= budget) {
            return json;
        }
        String source = document.getSource() == null ? "" : document.getSource();
        RejectedDocument c = copy(document);
        c.setReason(cap(document.getReason()));
        c.setIndex(cap(document.getIndex()));
        int lo = 0;
        int hi = source.length();
        while (lo < hi) { // the longest prefix that fits
            int mid = (lo + hi + 1) >>> 1;
            c.setSource(prefix(source, mid));
            if (mapper.writeValueAsBytes(c).length <= budget) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        String kept = prefix(source, lo);
        c.setSource(kept);
        c.setSourceTruncated(kept.length() < source.length());
        byte[] fitted = mapper.writeValueAsBytes(c);
        if (fitted.length > budget) {
            throw new IllegalStateException(
                    "rejected document does not fit " + budget + " bytes: " + c);
        }
        return fitted;
    }

    private static String prefix(String s, int chars) {
        // never split a surrogate pair
        if (chars > 0 && chars < s.length() && Character.isHighSurrogate(s.charAt(chars - 1))) {
            chars--;
        }
        return s.substring(0, chars);
    }

    private static String cap(String s) {
        return s == null || s.length() <= 8192 ? s : s.substring(0, 8192) + "...(truncated)";
    }

    private static RejectedDocument copy(RejectedDocument d) {
        RejectedDocument c =
                new RejectedDocument(
                        d.getIndex(), d.getDocumentId(), d.getStatus(), d.getReason(), null);
        c.setSource(d.getSource());
        c.setSourceBytes(d.getSourceBytes());
        c.setSourceSha256(d.getSourceSha256());
        c.setSourceTruncated(d.isSourceTruncated());
        return c;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
