package dev.streamkit.aws;

import org.apache.flink.annotation.Experimental;

/**
 * One resource a job needs, checked by {@link Preflight} before the job is submitted. Each service
 * module contributes its own checks ({@code KinesisPreflight.stream(...)} in
 * streamkit-connectors-aws-kinesis, {@code DynamoDbPreflight.table(...)} in
 * streamkit-connectors-aws-dynamodb, {@code OpenSearchPreflight.endpoint(...)} in
 * streamkit-connectors-aws-opensearch), so a job only carries the SDK clients of the services it
 * uses.
 *
 * <p>A check never throws for a problem with the resource: it describes it. {@link Preflight}
 * prefixes the description with {@link #property()}, so the operator knows which setting to fix.
 */
@Experimental
public interface PreflightCheck {

    /**
     * The configuration property the resource comes from.
     *
     * @return the property name, e.g. {@code Input.stream.arn} (non-empty)
     */
    String property();

    /**
     * Checks the resource.
     *
     * @param connection the connection given to {@link Preflight#check}, for checks declared
     *     without their own
     * @return null if the resource is as the job expects, otherwise what is wrong, naming the
     *     resource (e.g. {@code "Kinesis stream arn:... (region eu-west-1, endpoint default): does
     *     not exist (...)"})
     */
    String problem(AwsConnection connection);
}
