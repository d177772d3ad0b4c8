package io.unosynth.core.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TestErrors {
    @Test
    void everyCodeHasACategoryWithItsOwnExitCode() {
        assertThat(PipelineErrorCode.INVALID_CONFIG.category()).isEqualTo(ErrorCategory.USER_ERROR);
        assertThat(PipelineErrorCode.STORAGE_FAILURE.category()).isEqualTo(ErrorCategory.EXTERNAL_ERROR);
        assertThat(PipelineErrorCode.GPU_OUT_OF_MEMORY.category()).isEqualTo(ErrorCategory.INSUFFICIENT_RESOURCES);
        assertThat(PipelineErrorCode.SHARD_CORRUPT.category()).isEqualTo(ErrorCategory.INTERNAL_ERROR);
        assertThat(Arrays.stream(ErrorCategory.values()).map(ErrorCategory::exitCode))
                .doesNotHaveDuplicates()
                .doesNotContain(0, 1)
                .containsExactly(2, 3, 4, 70);
    }

    @Test
    void validationCheckFormatsOnlyOnFailure() {
        ValidationException.check(true, PipelineErrorCode.INVALID_INPUT, "never %s", "formatted");
        assertThatThrownBy(() -> ValidationException.check(false, PipelineErrorCode.INVALID_INPUT,
                "Invalid input: %s", "x.png"))
                .isInstanceOf(PipelineException.class)
                .hasMessage("Invalid input: x.png")
                .extracting(e -> ((PipelineException) e).code()).isEqualTo(PipelineErrorCode.INVALID_INPUT);
    }

    @Test
    void pipelineExceptionKeepsCodeAndCause() {
        IllegalStateException cause = new IllegalStateException("disk");
        PipelineException e = new PipelineException(PipelineErrorCode.STORAGE_FAILURE, "Cannot write x", cause);
        assertThat(e.code()).isEqualTo(PipelineErrorCode.STORAGE_FAILURE);
        assertThat(e).hasCause(cause).hasMessage("Cannot write x");
        assertThatThrownBy(() -> new PipelineException(null, "m")).hasMessage("code is null");
    }

    @Test
    void preconditions() {
        Preconditions.checkArgument(true, "unused");
        Preconditions.checkState(true, "unused");
        assertThatThrownBy(() -> Preconditions.checkArgument(false, "Invalid %s: %s", "width", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Invalid width: -1");
        assertThatThrownBy(() -> Preconditions.checkState(false, "Cannot %s", "run"))
                .isInstanceOf(IllegalStateException.class).hasMessage("Cannot run");
    }
}
