package io.unosynth.runtime.contracts.text;

import io.unosynth.core.error.Preconditions;

/**
 * Token ids of a batch of texts, each padded or truncated to {@code length}: {@code ids [batch, length]} and
 * {@code attentionMask [batch, length]} (1 = token, 0 = padding), int64 as the exports take them.
 */
public record TokenIds(int batch, int length, long[] ids, long[] attentionMask) {
    public TokenIds {
        Preconditions.checkArgument(ids.length == batch * length && attentionMask.length == ids.length,
                "Invalid token ids: %s ids and %s mask values for [%s, %s]", ids.length, attentionMask.length, batch,
                length);
    }
}
