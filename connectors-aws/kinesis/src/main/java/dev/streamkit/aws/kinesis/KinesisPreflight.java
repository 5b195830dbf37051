package dev.streamkit.aws.kinesis;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.Preflight;
import dev.streamkit.aws.PreflightCheck;
import dev.streamkit.aws.internal.AwsClients;
import dev.streamkit.aws.internal.NonRecoverable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Experimental;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/**
 * {@link Preflight} checks of Kinesis Data Streams.
 *
 * <pre>{@code
 * Preflight.of(KinesisPreflight.stream("Input.stream.arn", props.get(INPUT_ARN))).check(aws);
 * }</pre>
 *
 * <p>Checked: the stream ARN is well formed, its region is the connection's region, the stream
 * exists ({@code kinesis:DescribeStreamSummary}) and is ACTIVE or UPDATING. Unreachable endpoints,
 * denied access and wrong credentials are problems too, naming the stream, region and endpoint.
 */
@Experimental
public final class KinesisPreflight {

    private static final Pattern STREAM_ARN =
            Pattern.compile(
                    "arn:aws[a-zA-Z-]*:kinesis:([a-z0-9-]+):\\d{12}:stream/[a-zA-Z0-9_.-]{1,128}");

    private KinesisPreflight() {}

    /**
     * The stream {@code streamArn}, configured by {@code property}, must exist, checked through the
     * connection given to {@link Preflight#check}.
     *
     * @param property the configuration property the ARN comes from, for the problem text
     * @param streamArn the stream's ARN
     * @return the check
     */
    public static PreflightCheck stream(String property, String streamArn) {
        return stream(property, streamArn, null);
    }

    /**
     * As {@link #stream(String, String)}, through its own {@code connection}.
     *
     * @param property the configuration property the ARN comes from, for the problem text
     * @param streamArn the stream's ARN
     * @param connection the connection to check through; null for the one given to {@link
     *     Preflight#check}
     * @return the check
     */
    public static PreflightCheck stream(
            String property, String streamArn, AwsConnection connection) {
        return new StreamCheck(AwsClients.requireProperty(property), streamArn, connection);
    }

    private static final class StreamCheck implements PreflightCheck {
        private final String property;
        private final String arn;
        private final AwsConnection own;

        StreamCheck(String property, String arn, AwsConnection own) {
            this.property = property;
            this.arn = arn;
            this.own = own;
        }

        @Override
        public String property() {
            return property;
        }

        @Override
        public String problem(AwsConnection connection) {
            AwsConnection c = own == null ? connection : own;
            String what = NonRecoverable.describe("Kinesis stream", arn, c);
            if (arn == null) {
                return "Kinesis stream ARN is not set";
            }
            Matcher m = STREAM_ARN.matcher(arn);
            if (!m.matches()) {
                return what
                        + ": not a stream ARN (arn:aws:kinesis:<region>:<account>:stream/<name>)";
            }
            if (!m.group(1).equals(c.region())) {
                return what
                        + ": the ARN's region "
                        + m.group(1)
                        + " is not the connection's region "
                        + c.region();
            }
            try (KinesisClient client =
                    AwsClients.forPreflight(KinesisClient.builder(), c).build()) {
                StreamDescriptionSummary s =
                        client.describeStreamSummary(r -> r.streamARN(arn))
                                .streamDescriptionSummary();
                String status = s.streamStatusAsString();
                if (!"ACTIVE".equals(status) && !"UPDATING".equals(status)) {
                    return what + ": is " + status + ", not ACTIVE";
                }
                return null;
            } catch (RuntimeException e) {
                return what + ": " + AwsClients.failure(e);
            }
        }
    }
}
