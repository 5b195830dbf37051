package dev.streamkit.aws.kinesis.internal;

import org.apache.flink.annotation.Internal;

/**
 * Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF, no
 * truncated sequences. Jackson checks only the bytes it decodes into strings, so invalid bytes in a
 * skipped (unknown) property would otherwise pass unnoticed.
 */
@Internal
public final class Utf8 {

    private Utf8() {}

    /** The offset of the first byte that is not valid UTF-8, or -1 if all of {@code b} is. */
    public static int firstInvalid(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int len;
            int min2; // bounds for the second byte, which also excludes overlongs and surrogates
            int max2;
            if (c >= 0xC2 && c <= 0xDF) {
                len = 2;
                min2 = 0x80;
                max2 = 0xBF;
            } else if (c == 0xE0) {
                len = 3;
                min2 = 0xA0;
                max2 = 0xBF;
            } else if (c == 0xED) {
                len = 3;
                min2 = 0x80;
                max2 = 0x9F;
            } else if (c >= 0xE1 && c <= 0xEF) {
                len = 3;
                min2 = 0x80;
                max2 = 0xBF;
            } else if (c == 0xF0) {
                len = 4;
                min2 = 0x90;
                max2 = 0xBF;
            } else if (c >= 0xF1 && c <= 0xF3) {
                len = 4;
                min2 = 0x80;
                max2 = 0xBF;
            } else if (c == 0xF4) {
                len = 4;
                min2 = 0x80;
                max2 = 0x8F;
            } else {
                return i;
            }
            if (i + len > n) {
                return i;
            }
            int c2 = b[i + 1] & 0xFF;
            if (c2 < min2 || c2 > max2) {
                return i;
            }
            for (int k = 2; k < len; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += len;
        }
        return -1;
    }
}
