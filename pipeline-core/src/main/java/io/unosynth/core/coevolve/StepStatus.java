package io.unosynth.core.coevolve;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.StageStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * What is done of a step: its finished-marker ({@link CoevolutionStep#markerPath()}, written after the step
 * returned, with the fingerprint of the configuration it ran under) and, inside the step, the shards its stage
 * committed (a training step: whether its LoRA is written). A step is {@link State#DONE} only when its marker has
 * the same fingerprint; anything else is run again, and the stage's own protocol resumes it (finished shards, the
 * newest checkpoint) or refuses to mix configurations.
 *
 * @param shardsDone shard markers in the step's stage folder (0 for a training step)
 */
public record StepStatus(CoevolutionStep step, State state, int shardsDone, boolean loraWritten) {
    public enum State {
        /** Finished under this configuration: skipped. */
        DONE,
        /** Finished under another configuration: run again (its stage decides whether it can resume). */
        CHANGED,
        /** Started, not finished (shards or checkpoints were written): run again, resuming. */
        STARTED,
        /** Nothing written yet. */
        PENDING
    }

    /** The file a training step's LoRA is written to, under its stage folder. */
    public static final String LORA_FILE = "dit_lora.safetensors";

    private static final ObjectMapper JSON = new ObjectMapper();

    public StepStatus {
        requireNonNull(step, "step is null");
        requireNonNull(state, "state is null");
    }

    public static StepStatus read(StageStorage storage, CoevolutionStep step, String fingerprint) throws IOException {
        int shards = step.training() ? 0
                : storage.list(step.outputPath() + "/" + ShardLayout.MARKERS).size();
        boolean lora = step.training() && storage.exists(step.outputPath() + "/" + LORA_FILE);
        State state;
        if (storage.exists(step.markerPath())) {
            state = fingerprint.equals(markedFingerprint(storage, step)) ? State.DONE : State.CHANGED;
        } else {
            state = shards > 0 || lora || step.training() && storage.exists(step.outputPath() + "/"
                    + "checkpoint-1/trainer_state.json") ? State.STARTED : State.PENDING;
        }
        return new StepStatus(step, state, shards, lora);
    }

    /** Records that {@code step} finished under the configuration {@code fingerprint}. */
    public static void markDone(StageStorage storage, CoevolutionStep step, String fingerprint, long durationMillis)
            throws IOException {
        byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(JSON.createObjectNode()
                .put("step", step.id()).put("fingerprint", fingerprint).put("duration_ms", durationMillis));
        storage.writeWhole(step.markerPath(), step.roundDirectory() + "/" + CoevolutionStep.MARKERS + "/"
                + ShardLayout.STAGING + "/" + step.name() + ".json", json);
    }

    /** One dry-run line: {@code r1.generate     done       6 shard(s)}. */
    public String render() {
        String detail = step.training() ? (loraWritten ? "LoRA written" : "no LoRA yet")
                : shardsDone + " shard(s) committed";
        return String.format("%-18s %-8s %s -> %s", step.id(), state.name().toLowerCase(java.util.Locale.ROOT),
                detail, step.outputPath());
    }

    private static String markedFingerprint(StageStorage storage, CoevolutionStep step) throws IOException {
        try (InputStream in = storage.open(step.markerPath())) {
            JsonNode node = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return node.path("fingerprint").asText("");
        }
    }
}
