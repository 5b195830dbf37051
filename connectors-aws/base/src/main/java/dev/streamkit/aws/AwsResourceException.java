package dev.streamkit.aws;

import org.apache.flink.annotation.PublicEvolving;

/**
 * An AWS resource a job writes to or reads from is missing or not accessible: an error restarting
 * the job cannot fix. Sinks of this module fail the job with it wrapped in Flink's {@code
 * SuppressRestartsException}, so the job fails once, naming the resource, instead of restarting
 * forever.
 */
@PublicEvolving
public class AwsResourceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String resource;

    /** An error with {@code resource}, described by {@code message}, caused by {@code cause}. */
    public AwsResourceException(String resource, String message, Throwable cause) {
        super(message, cause);
        this.resource = resource;
    }

    /** The resource, e.g. {@code Kinesis stream arn:aws:kinesis:...}, with region and endpoint. */
    public String resource() {
        return resource;
    }
}
