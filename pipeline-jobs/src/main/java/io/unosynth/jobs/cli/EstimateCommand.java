package io.unosynth.jobs.cli;

import io.unosynth.core.config.GenerateConfig;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.estimate.CostTable;
import io.unosynth.core.estimate.GenerateEstimate;
import io.unosynth.core.shard.ShardStats;
import io.unosynth.core.taxonomy.Taxonomy;
import io.unosynth.jobs.generate.GenerateJob;
import io.unosynth.jobs.storage.HadoopStageStorage;
import io.unosynth.jobs.validate.StagePlan;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = "GPU-hours and wall clock of the generate stage (nearly all of a run's GPU time) for this "
                + "configuration on N GPUs: from the cost table (seconds per step per resolution per GPU type) and, "
                + "when the run's output already has generate shard markers, from their measured times.")
final class EstimateCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Option(names = "--gpus", required = true, paramLabel = "N", description = "GPUs working in parallel.")
    int gpus;

    @Option(names = "--gpu", paramLabel = "TYPE", defaultValue = "h100",
            description = "GPU type, as named in the cost table (default: ${DEFAULT-VALUE}).")
    String gpu;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "flux-dev",
            description = "Model, as named in the cost table (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--costs", paramLabel = "FILE", defaultValue = "conf/gpu-costs.properties",
            description = "Cost table (default: ${DEFAULT-VALUE}).")
    Path costs;

    @Override
    public Integer call() {
        if (gpus <= 0) {
            throw new IllegalArgumentException("Invalid --gpus: " + gpus + " (must be > 0)");
        }
        UnosynthConfig config = options.load();
        int categories = Taxonomy.load(config.taxonomy()).select(config.taxonomy().categories()).size();
        GenerateConfig generate = config.generate();
        CostTable.StepCost cost = CostTable.load(costs).stepCost(model, gpu, generate.width(), generate.height());
        GenerateEstimate table = GenerateEstimate.of(categories, config.plan(), generate, cost.secondsPerStep(), gpus);
        System.out.printf(Locale.ROOT, "generate: at most %d pairs (%d categories), %d shards, %dx%d, %d steps%n",
                table.pairs(), categories, table.shards(), generate.width(), generate.height(), generate.steps());
        System.out.printf(Locale.ROOT, "cost table: %s on %s: %.4f s per step (%s)%n", model, gpu,
                cost.secondsPerStep(), cost.derivation());
        print("estimate from the cost table", table);

        HadoopStageStorage storage = new HadoopStageStorage(config.run().output(),
                ValidateCommand.hadoopConfiguration(config));
        List<ShardStats> markers = StagePlan.of(config, categories, storage).stream()
                .filter(stage -> stage.stage().equals(GenerateJob.STAGE)).findFirst().orElseThrow().markers();
        Optional<Double> measured = GenerateEstimate.measuredSecondsPerPair(markers);
        if (measured.isPresent()) {
            long pairs = markers.stream().mapToLong(ShardStats::rowsOut).sum();
            System.out.printf(Locale.ROOT, "measured: %.3f s per pair per task over %d pairs in %d generate shards "
                    + "of %s (%.4f s per step; on the hardware that run used)%n", measured.get(), pairs,
                    markers.size(), storage.describe(), measured.get() / generate.steps());
            print("estimate from measured times", new GenerateEstimate(table.pairs(), table.shards(),
                    table.largestShard(), measured.get(), gpus));
        } else {
            System.out.println("measured: no generate shard markers in " + storage.describe());
        }
        return 0;
    }

    private void print(String label, GenerateEstimate estimate) {
        System.out.printf(Locale.ROOT, "%s: %.1f GPU-hours; wall clock %.2f-%.2f h on %d GPUs (%.2f s per pair)%n",
                label, estimate.gpuHours(), estimate.gpuHours() / gpus, estimate.wallClockHours(), gpus,
                estimate.secondsPerPair());
    }
}
