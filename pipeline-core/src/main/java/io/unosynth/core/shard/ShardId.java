package io.unosynth.core.shard;

import static io.unosynth.core.error.Preconditions.checkArgument;

import java.io.Serializable;
import java.util.regex.Pattern;

/** The deterministic name of one unit of work, e.g. {@code c0001-s000}; it names the shard's files too. */
public record ShardId(String value) implements Serializable, Comparable<ShardId> {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,127}");

    public ShardId {
        checkArgument(value != null && VALID.matcher(value).matches(),
                "Invalid shard id: '%s' (lower-case letters, digits and '-')", value);
    }

    /** The plan stage's shard: a category and a shard index within it. */
    public static ShardId ofCategory(int categoryId, int shardIndex) {
        return new ShardId(String.format("c%04d-s%03d", categoryId, shardIndex));
    }

    @Override
    public int compareTo(ShardId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
