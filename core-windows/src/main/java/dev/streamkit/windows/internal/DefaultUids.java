package dev.streamkit.windows.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import org.apache.flink.annotation.Internal;

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
