package dev.streamkit.aws;

import org.apache.flink.annotation.PublicEvolving;

/**
 * An AWS resource a job writes to or reads from is missing or not accessible: an error restarting
 * the job cannot fix. Sinks of this module fail the job with it wrapped in Flink's {@code
 * SuppressRestartsException}, so the job fails once, naming the resource, instead of restarting
 * forever.
 *
 * @serial exclude
 */
@PublicEvolving
public class AwsResourceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String resource;

    /**
     * An error with {@code resource}.
     *
     * @param resource the resource, with region and endpoint, e.g. {@code Kinesis stream arn:...}
     * @param message what is wrong with it
     * @param cause the SDK error that revealed it, or null
     */
    public AwsResourceException(String resource, String message, Throwable cause) {
        super(message, cause);
        this.resource = resource;
    }

    /**
     * The resource the error is about.
     *
     * @return the resource, e.g. {@code Kinesis stream arn:aws:kinesis:...}, with region and
     *     endpoint
     */
    public String resource() {
        return resource;
    }
}
