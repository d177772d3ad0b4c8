package io.unosynth.runtime.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(2));

    @Test
    void fullJitterScalesADoublingCapBoundedByTheMaximum() {
        assertThat(policy.delay(0, OptionalLong.empty(), 0.999)).isEqualTo(Duration.ofNanos(99_900_000));
        assertThat(policy.delay(3, OptionalLong.empty(), 0.5)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.delay(5, OptionalLong.empty(), 0.5)).as("3.2 s cap cut to 2 s").isEqualTo(
                Duration.ofSeconds(1));
        assertThat(policy.delay(200, OptionalLong.empty(), 0.5)).as("no overflow").isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delay(4, OptionalLong.empty(), 0.0)).isEqualTo(Duration.ZERO);
    }

    @Test
    void retryAfterIsObeyedUpToTheMaximum() {
        assertThat(policy.delay(0, OptionalLong.of(1), 0.0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delay(0, OptionalLong.of(60), 0.0)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void parsesOnlyDelaySecondsRetryAfter() {
        assertThat(RetryPolicy.parseRetryAfter(" 7 ")).hasValue(7);
        assertThat(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEmpty();
        assertThat(RetryPolicy.parseRetryAfter("-3")).isEmpty();
        assertThat(RetryPolicy.parseRetryAfter(null)).isEmpty();
    }

    @Test
    void retriesOverloadServerErrorsAndRequestTimeoutOnly() {
        assertThat(RetryPolicy.retryableStatus(429)).isTrue();
        assertThat(RetryPolicy.retryableStatus(408)).isTrue();
        assertThat(RetryPolicy.retryableStatus(500)).isTrue();
        assertThat(RetryPolicy.retryableStatus(503)).isTrue();
        assertThat(RetryPolicy.retryableStatus(400)).isFalse();
        assertThat(RetryPolicy.retryableStatus(401)).isFalse();
        assertThat(RetryPolicy.retryableStatus(404)).isFalse();
        assertThat(RetryPolicy.honoursRetryAfter(503)).isTrue();
        assertThat(RetryPolicy.honoursRetryAfter(500)).isFalse();
    }
}
