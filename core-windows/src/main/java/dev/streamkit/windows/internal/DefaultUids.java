package dev.streamkit.windows.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Default names and uids of the module's operators (the wiring contract's scheme). */
@Internal
public final class DefaultUids {
    private DefaultUids() {}

    /**
     * {@code streamkit-<operator>-<first 8 hex digits of the SHA-256 of description>}: the same in
     * every JVM and run (savepoints restore), different for different descriptions.
     *
     * @param operator the operator
     * @param description the description
     * @return the result
     */
    public static String uid(String operator, String description) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(description.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder("streamkit-").append(operator).append('-');
            for (int i = 0; i < 4; i++) {
                hex.append(String.format("%02x", digest[i] & 0xff));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Fails if the job already has an operator with {@code uid}: with a default uid that means two
     * operators with the same configuration, and Flink would only fail later, at job submission,
     * with a hash collision.
     *
     * @param env the job's environment
     * @param uid the uid about to be set
     * @param isDefault whether it is the default uid (changes the advice in the message)
     * @param operator what the operator is, for the message (e.g. {@code windows})
     */
    public static void checkUnused(
            StreamExecutionEnvironment env, String uid, boolean isDefault, String operator) {
        for (Transformation<?> t : env.getTransformations()) {
            if (uid.equals(t.getUid())) {
                throw new IllegalStateException(
                        "the job already has an operator with uid '"
                                + uid
                                + "'"
                                + (isDefault
                                        ? " (two "
                                                + operator
                                                + " with the same configuration and name): set"
                                                + " name(...) or uid(...) on one of them"
                                        : ": set a different uid(...)"));
            }
        }
    }

    /**
     * A short readable duration: {@code 1d}, {@code 1h}, {@code 5min}, {@code 30s}, {@code 250ms}.
     *
     * @param d the d
     * @return the result
     */
    public static String shortDuration(Duration d) {
        long ms = d.toMillis();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] names = {"d", "h", "min", "s"};
        for (int i = 0; i < units.length; i++) {
            if (ms != 0 && ms % units[i] == 0) {
                return ms / units[i] + names[i];
            }
        }
        return ms + "ms";
    }
}
