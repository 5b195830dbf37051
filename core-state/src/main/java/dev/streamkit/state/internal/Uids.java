package dev.streamkit.state.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.flink.annotation.Internal;

/**
 * Default operator uids: {@code streamkit-<operator>-<first 8 hex digits of the SHA-256 of a
 * canonical description of the configuration>}. The digest is the same in every JVM and run, so a
 * savepoint taken with a default uid restores into the same configuration; two configurations that
 * differ in the description get different uids.
 */
@Internal
public final class Uids {
    private Uids() {}

    /**
     * The default uid of {@code operator} configured as {@code canonicalDescription}.
     *
     * @param operator the operator kind, e.g. {@code dedup}
     * @param canonicalDescription the configuration, rendered stably
     * @return the uid
     */
    public static String defaultUid(String operator, String canonicalDescription) {
        return "streamkit-" + operator + "-" + digest(canonicalDescription);
    }

    /** The first 8 lower-case hex digits of the SHA-256 of the UTF-8 bytes of {@code text}. */
    static String digest(String text) {
        byte[] hash;
        try {
            hash =
                    MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        StringBuilder hex = new StringBuilder(8);
        for (int i = 0; i < 4; i++) {
            hex.append(String.format("%02x", hash[i] & 0xff));
        }
        return hex.toString();
    }

    /**
     * The message of a side-output accessor whose tag is not configured: what happens to those
     * records and which setter routes them.
     *
     * @param what what happens to the records without the tag
     * @param setter the builder method that sets the tag
     * @return the exception to throw
     */
    public static IllegalStateException unset(String what, String setter) {
        return new IllegalStateException(what + "; configure " + setter + "(tag) to read them");
    }

    /**
     * A short readable duration for default names: {@code 10min}, {@code 1h}, {@code 1d}, {@code
     * 30s}, {@code 250ms} (the largest unit that divides it).
     *
     * @param millis a duration in milliseconds
     * @return the readable duration
     */
    public static String readable(long millis) {
        if (millis % 86_400_000L == 0) {
            return millis / 86_400_000L + "d";
        }
        if (millis % 3_600_000L == 0) {
            return millis / 3_600_000L + "h";
        }
        if (millis % 60_000L == 0) {
            return millis / 60_000L + "min";
        }
        if (millis % 1000L == 0) {
            return millis / 1000L + "s";
        }
        return millis + "ms";
    }
}
