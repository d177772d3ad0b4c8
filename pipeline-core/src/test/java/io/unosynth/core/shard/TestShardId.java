package io.unosynth.core.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestShardId {
    @Test
    void ofCategoryIsZeroPadded() {
        assertThat(ShardId.ofCategory(1, 0).value()).isEqualTo("c0001-s000");
        assertThat(ShardId.ofCategory(365, 12)).hasToString("c0365-s012");
    }

    @Test
    void orderIsCategoryThenShard() {
        List<ShardId> ids = new ArrayList<>(List.of(ShardId.ofCategory(10, 0), ShardId.ofCategory(2, 11),
                ShardId.ofCategory(2, 3)));
        ids.sort(null);
        assertThat(ids).containsExactly(ShardId.ofCategory(2, 3), ShardId.ofCategory(2, 11), ShardId.ofCategory(10, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-abc", "Upper", "with space", "a/b", "a_b", "a.json"})
    void invalidIds(String value) {
        assertThatThrownBy(() -> new ShardId(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid shard id: '" + value + "' (lower-case letters, digits and '-')");
    }

    @Test
    void nullAndTooLongIds() {
        assertThatThrownBy(() -> new ShardId(null)).hasMessageContaining("'null'");
        assertThat(new ShardId("a".repeat(128)).value()).hasSize(128);
        assertThatThrownBy(() -> new ShardId("a".repeat(129))).isInstanceOf(IllegalArgumentException.class);
    }
}
