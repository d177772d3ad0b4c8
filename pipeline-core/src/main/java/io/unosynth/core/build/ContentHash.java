package io.unosynth.core.build;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Short SHA-256 hashes of text, for config hashes and stable ids. */
public final class ContentHash {
    private ContentHash() {}

    /** The first 16 hex digits of SHA-256 over the parts' string forms, one per line. */
    public static String of(Object... parts) {
        StringBuilder text = new StringBuilder();
        for (Object part : parts) {
            text.append(part).append('\n');
        }
        return HexFormat.of().formatHex(sha256(text.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
