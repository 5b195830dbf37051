package dev.streamkit.aws.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamkit.aws.opensearch.internal.KinesisRejectedDocumentHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/** Rejected documents written to Kinesis fit one record, measured with a plain Jackson mapper. */
class BoundedRejectedDocumentTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();

    private static String sha256(String s) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (byte x :
                MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8))) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }

    private static RejectedDocument doc(String source) {
        return new RejectedDocument("orders-2026", "id-1", 400, "mapper_parsing_exception", source);
    }

    @Test
    void aDocumentThatFitsIsWrittenWholeUpToExactlyTheBudget() throws Exception {
        RejectedDocument d = doc("{\"a\":\"" + "x".repeat(1000) + "\"}");
        int size = PLAIN.writeValueAsBytes(d).length;
        for (int budget : new int[] {size, size + 1}) {
            byte[] out = KinesisRejectedDocumentHandler.fit(PLAIN, d, budget);
            assertThat(out).isEqualTo(PLAIN.writeValueAsBytes(d));
        }
    }

    @Test
    void aDocumentOneByteTooLargeKeepsTheLongestPrefixThatFits() throws Exception {
        // quotes and emoji make the escaped JSON irregular in size
        String source = "{\"a\":\"" + "\"😀é".repeat(300_000) + "\"}";
        RejectedDocument d = doc(source);
        int size = PLAIN.writeValueAsBytes(d).length;
        for (int budget : new int[] {size - 1, 1024 * 1024 - 6}) {
            byte[] out = KinesisRejectedDocumentHandler.fit(PLAIN, d, budget);
            assertThat(out.length).isLessThanOrEqualTo(budget).isGreaterThan(budget - 16);
            RejectedDocument back = PLAIN.readValue(out, RejectedDocument.class);
            assertThat(back.isSourceTruncated()).isTrue();
            assertThat(source).startsWith(back.getSource());
            assertThat(back.getSourceBytes())
                    .isEqualTo(source.getBytes(StandardCharsets.UTF_8).length);
            assertThat(back.getSourceSha256()).isEqualTo(sha256(source));
            assertThat(back.getReason()).isEqualTo("mapper_parsing_exception");
            assertThat(back.getDocumentId()).isEqualTo("id-1");
        }
    }
}
