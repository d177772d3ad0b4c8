package io.unosynth.core.estimate;

import io.unosynth.core.config.GenerateConfig;
import io.unosynth.core.config.PlanConfig;
import io.unosynth.core.error.Preconditions;
import io.unosynth.core.shard.ShardStats;
import java.util.List;
import java.util.Optional;

/**
 * GPU-hours and wall clock of the generate stage, which holds nearly all of a run's GPU time (the filter's DINOv2
 * pass is a small fraction of one FLUX step per pair). A pair is one diptych rendered in {@code generate.steps}
 * sampler steps; a shard runs on one GPU (one task per GPU), so the wall clock counts waves of shards.
 *
 * @param pairs diptychs to render: categories x min(subjects x scenes, generate.max-pairs-per-category); an upper
 *     bound, since the plan's near-duplicate removal can drop subjects
 * @param shards generate shards (per category, pairs / generate.pairs-per-shard rounded up)
 * @param largestShard pairs in the largest shard
 * @param secondsPerPair GPU seconds per diptych
 * @param gpus GPUs working in parallel
 */
public record GenerateEstimate(long pairs, long shards, long largestShard, double secondsPerPair, int gpus) {
    public GenerateEstimate {
        Preconditions.checkArgument(gpus > 0, "Invalid GPU count: %s (must be > 0)", gpus);
        Preconditions.checkArgument(secondsPerPair > 0, "Invalid seconds per pair: %s", secondsPerPair);
    }

    /** The estimate for {@code categories} categories from the plan and generate settings. */
    public static GenerateEstimate of(int categories, PlanConfig plan, GenerateConfig generate,
            double secondsPerStep, int gpus) {
        long planned = (long) plan.subjectsPerCategory() * plan.scenesPerSubject();
        long perCategory = generate.maxPairsPerCategory() > 0
                ? Math.min(planned, generate.maxPairsPerCategory())
                : planned;
        long shardsPerCategory = (perCategory + generate.pairsPerShard() - 1) / generate.pairsPerShard();
        return new GenerateEstimate(categories * perCategory, categories * shardsPerCategory,
                Math.min(perCategory, generate.pairsPerShard()), secondsPerStep * generate.steps(), gpus);
    }

    /**
     * Seconds per pair measured by a finished generate stage: shard durations over pairs written (each shard's
     * duration includes text encoding, VAE decoding and PNG encoding, so this is the full per-pair cost), or empty
     * when no shard has written a pair.
     */
    public static Optional<Double> measuredSecondsPerPair(List<ShardStats> generateMarkers) {
        long millis = 0;
        long rows = 0;
        for (ShardStats marker : generateMarkers) {
            millis += marker.durationMillis();
            rows += marker.rowsOut();
        }
        return rows == 0 ? Optional.empty() : Optional.of(millis / 1000.0 / rows);
    }

    public double gpuHours() {
        return pairs * secondsPerPair / 3600;
    }

    /**
     * At most this: waves of shards (a GPU takes the next shard when it finishes one) times the largest shard's
     * time; at least {@link #gpuHours()} / GPUs. Model loading and Spark scheduling come on top.
     */
    public double wallClockHours() {
        long waves = (shards + gpus - 1) / gpus;
        return waves * largestShard * secondsPerPair / 3600;
    }
}
