package io.unosynth.core.shard;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import java.io.IOException;

/**
 * Where a run keeps the answers of paid model calls (judge verdicts, later other model-call caches):
 * {@code <run>/_cache/<stage>/}, outside every stage folder, so {@code --force} redoes a stage and still reuses each
 * cached answer. Only {@link #drop} (the {@code --drop-caches} flag) deletes them.
 */
public final class RunCaches {
    public static final String FOLDER = "_cache";

    private RunCaches() {}

    public static void drop(StageStorage storage) {
        try {
            storage.delete(FOLDER);
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE,
                    "Cannot drop the caches in " + storage.describe() + "/" + FOLDER + ": " + e.getMessage(), e);
        }
    }
}
