package io.unosynth.core.plan;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A conservative estimate of the CLIP BPE token count of a text, used to keep scenes within the 77-token window
 * without a tokenizer on the classpath: every punctuation mark is a token, and a word costs one token per five
 * letters (common English words are one BPE token; long or rare words split). It over-counts real CLIP counts on
 * ordinary prose, so a text it accepts fits.
 */
public final class TokenEstimate {
    private static final Pattern PIECE = Pattern.compile("[\\p{L}\\p{N}]+|[^\\s\\p{L}\\p{N}]");

    private TokenEstimate() {}

    public static int count(String text) {
        Matcher m = PIECE.matcher(text);
        int tokens = 0;
        while (m.find()) {
            int length = m.end() - m.start();
            tokens += Math.max(1, (length + 4) / 5);
        }
        return tokens;
    }

    public static int words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }
}
