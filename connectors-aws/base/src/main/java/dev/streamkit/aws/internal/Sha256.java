package dev.streamkit.aws.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.flink.annotation.Internal;

/** Lower-case hex SHA-256, for identifying truncated payloads. */
@Internal
public final class Sha256 {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Sha256() {}

    /** Lower-case hex SHA-256 of {@code data}. */
    public static String hex(byte[] data) {
        byte[] d;
        try {
            d = MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        char[] out = new char[d.length * 2];
        for (int i = 0; i < d.length; i++) {
            out[2 * i] = HEX[(d[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[d[i] & 0xF];
        }
        return new String(out);
    }
}
