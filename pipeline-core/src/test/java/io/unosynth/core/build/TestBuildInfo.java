package io.unosynth.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TestBuildInfo {
    @Test
    void codeVersionIsTheFilteredProjectVersion() {
        assertThat(CodeVersion.current()).isNotBlank().isNotEqualTo("unknown").doesNotContain("${");
    }

    @Test
    void contentHashIsTheSha256PrefixOfThePartsOnePerLine() {
        String full = HexFormat.of().formatHex(ContentHash.sha256("plan\n42\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(ContentHash.of("plan", 42)).isEqualTo(full.substring(0, 16)).matches("[0-9a-f]{16}");
        assertThat(ContentHash.of("plan", 42)).isEqualTo(ContentHash.of("plan", "42"));
        assertThat(ContentHash.of("plan", 42)).isNotEqualTo(ContentHash.of("plan", 43));
        assertThat(ContentHash.of("ab")).isNotEqualTo(ContentHash.of("a", "b"));
    }

    @Test
    void sha256OfKnownInput() {
        // FIPS 180-2 test vector for "abc".
        assertThat(HexFormat.of().formatHex(ContentHash.sha256("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
