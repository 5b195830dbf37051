package dev.streamkit.aws.opensearch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent implementation of AWS Signature Version 4 (from the published specification), used
 * to verify signatures produced through the AWS SDK signer. Deliberately small: no path
 * normalization beyond the single-segment cases the tests use, and the double URI-encoding of the
 * path that every service except S3 applies.
 */
final class SigV4Verifier {

    private SigV4Verifier() {}

    static String signature(
            String method,
            String rawPath,
            String rawQuery,
            Map<String, String> headersLowerCase,
            List<String> signedHeaders,
            byte[] body,
            String amzDate,
            String region,
            String service,
            String secretKey)
            throws Exception {
        String canonicalRequest =
                canonicalRequest(method, rawPath, rawQuery, headersLowerCase, signedHeaders, body);
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign =
                "AWS4-HMAC-SHA256\n"
                        + amzDate
                        + "\n"
                        + scope
                        + "\n"
                        + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] k = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        k = hmac(k, region);
        k = hmac(k, service);
        k = hmac(k, "aws4_request");
        return hex(hmac(k, stringToSign));
    }

    static String canonicalRequest(
            String method,
            String rawPath,
            String rawQuery,
            Map<String, String> headersLowerCase,
            List<String> signedHeaders,
            byte[] body)
            throws Exception {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append('\n');
        // non-S3 services: each path segment is URI-encoded again (the path arrives encoded)
        StringBuilder path = new StringBuilder();
        for (String segment : rawPath.split("/", -1)) {
            if (path.length() > 0 || rawPath.startsWith("/")) {
                path.append('/');
            }
            path.append(uriEncode(segment));
        }
        String canonicalPath = path.toString().replaceFirst("^//", "/");
        sb.append(canonicalPath.isEmpty() ? "/" : canonicalPath).append('\n');
        List<String> params = new ArrayList<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                params.add(uriEncode(name) + "=" + uriEncode(value));
            }
        }
        Collections.sort(params);
        sb.append(String.join("&", params)).append('\n');
        Map<String, String> sorted = new TreeMap<>();
        for (String h : signedHeaders) {
            String v = headersLowerCase.get(h);
            if (v == null) {
                throw new IllegalArgumentException("signed header " + h + " is not in the request");
            }
            sorted.put(h, v.trim().replaceAll(" +", " "));
        }
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            sb.append(e.getKey()).append(':').append(e.getValue()).append('\n');
        }
        sb.append('\n').append(String.join(";", sorted.keySet())).append('\n');
        sb.append(hex(sha256(body)));
        return sb.toString();
    }

    static String uriEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format(Locale.ROOT, "%02x", b & 0xff));
        }
        return sb.toString();
    }
}
