package dev.streamkit.aws.internal;

import dev.streamkit.aws.AwsConnection;
import dev.streamkit.aws.AwsResourceException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.annotation.Internal;
import org.apache.flink.runtime.execution.SuppressRestartsException;

/**
 * Recognizes AWS errors that restarting a job cannot fix (a missing stream or table, denied access)
 * and turns them into a {@link SuppressRestartsException} around an {@link AwsResourceException}
 * naming the resource, which Flink's failover treats as non-recoverable whatever the restart
 * strategy.
 *
 * <p>The SDK classes are matched by simple name and error code, because the Kinesis connector
 * carries a shaded copy of the SDK and the DynamoDB connector the plain one.
 */
@Internal
public final class NonRecoverable {

    private static final Set<String> ACCESS_DENIED_CODES =
            new HashSet<>(
                    Arrays.asList(
                            "AccessDeniedException",
                            "AccessDenied",
                            "UnrecognizedClientException"));

    private NonRecoverable() {}

    /** "Kinesis stream arn:... (region eu-west-1, endpoint ...)" for messages. */
    public static String describe(String kind, String name, AwsConnection connection) {
        return kind
                + " "
                + name
                + " (region "
                + connection.region()
                + connection.endpoint().map(e -> ", endpoint " + e).orElse("")
                + ")";
    }

    /**
     * The problem if {@code t} (or a cause) is an error restarts cannot fix: {@code "not found"} or
     * {@code "access denied"}; otherwise null.
     */
    public static String problem(Throwable t) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable c = t; c != null && seen.put(c, Boolean.TRUE) == null; c = c.getCause()) {
            String name = c.getClass().getSimpleName();
            String code = errorCode(c);
            if (name.equals("ResourceNotFoundException")
                    || "ResourceNotFoundException".equals(code)) {
                return "not found";
            }
            if (ACCESS_DENIED_CODES.contains(name) || ACCESS_DENIED_CODES.contains(code)) {
                return "access denied";
            }
        }
        return null;
    }

    /** {@code t} itself if restarts may fix it, else the restart-suppressing failure. */
    public static Exception translate(Exception t, String resource) {
        if (t instanceof SuppressRestartsException) {
            return t;
        }
        String problem = problem(t);
        if (problem == null) {
            return t;
        }
        return new SuppressRestartsException(
                new AwsResourceException(
                        resource,
                        resource
                                + ": "
                                + problem
                                + " ("
                                + rootMessage(t)
                                + "). Restarting cannot fix this, so the job fails without"
                                + " restarts: check the name/ARN, region, endpoint and IAM"
                                + " permissions (dev.streamkit.aws.Preflight checks them before"
                                + " execute())",
                        t));
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String errorCode(Throwable t) {
        try {
            Method details = t.getClass().getMethod("awsErrorDetails");
            Object d = details.invoke(t);
            if (d == null) {
                return null;
            }
            Object code = d.getClass().getMethod("errorCode").invoke(d);
            return code == null ? null : code.toString();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // not an AWS service exception
        }
    }
}
