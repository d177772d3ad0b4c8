package io.unosynth.jobs.cli;

import io.unosynth.core.build.ContentHash;
import io.unosynth.core.coevolve.CoevolutionPlan;
import io.unosynth.core.coevolve.CoevolutionStep;
import io.unosynth.core.coevolve.CoevolveConfig;
import io.unosynth.core.coevolve.StepStatus;
import io.unosynth.core.config.ConfigEntry;
import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.EvaluateConfig;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.error.ValidationException;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.jobs.evaluate.EvaluateJob;
import io.unosynth.jobs.report.CoevolutionReportJob;
import io.unosynth.jobs.storage.HadoopStageStorage;
import io.unosynth.jobs.train.TrainJob;
import io.unosynth.runtime.contracts.ModelNames;
import io.unosynth.trainer.TrainConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code unosynth coevolve}: the steps of {@link CoevolutionPlan}, each an existing stage or training run with the
 * round's folder as output and the handed-over models as overrides. A step that returned gets a finished-marker
 * ({@link StepStatus}); a rerun skips marked steps and reruns the rest, which resume on their own shards and
 * checkpoints.
 */
@Command(name = "coevolve", mixinStandardHelpOptions = true,
        description = "Model-data co-evolution: per round (<out>/round-<r>/) plan, generate, filter, score, select, "
                + "export, encode, train Stage I, expand (S2I = the Stage I model), score-sets (the judge on every "
                + "reference of the sets), encode-sets (the sets it selects), train Stage II, "
                + "evaluate; round r+1 generates with round r's Stage II model. Rerun to resume. Keys: "
                + "conf/coevolve.properties, conf/train.properties and every stage key.")
final class CoevolveCommand extends StageCommand {
    private static final String TRAIN_PREFIX = "train.";

    @Option(names = "--rounds", paramLabel = "K", defaultValue = "1", description = "Rounds of the loop (default 1).")
    int rounds;

    @Option(names = "--dry-run", description = "Print the steps, their shards and what is done; run nothing.")
    boolean dryRun;

    @Option(names = "--step", paramLabel = "ID", description = "Run this one step only (e.g. r1.train-1; "
            + "--dry-run lists them): one spark-submit per step, as a scheduler runs the loop.")
    String step;

    @Option(names = "--stop-after", paramLabel = "ID", description = "Stop after this step (rerun to go on).")
    String stopAfter;

    private List<ConfigEntry> stageEntries;
    private TrainConfig trainConfig;
    private CoevolveConfig coevolveConfig;

    @Override
    String name() {
        return "coevolve";
    }

    /** train.* keys go to the trainer, coevolve.* to the loop, the rest bind as every stage's. */
    @Override
    UnosynthConfig loadConfig() {
        List<ConfigEntry> stages = new ArrayList<>();
        List<ConfigEntry> train = new ArrayList<>();
        List<ConfigEntry> loop = new ArrayList<>();
        for (ConfigEntry entry : options.layeredEntries()) {
            (entry.key().startsWith(TRAIN_PREFIX) ? train : entry.key().startsWith(CoevolveConfig.PREFIX) ? loop
                    : stages).add(entry);
        }
        ConfigValues trainValues = new ConfigValues(train);
        trainConfig = TrainConfig.from(trainValues);
        trainValues.checkAllConsumed();
        ConfigValues loopValues = new ConfigValues(loop);
        coevolveConfig = CoevolveConfig.from(loopValues);
        loopValues.checkAllConsumed();
        stageEntries = List.copyOf(stages);
        if (options.force) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, "Invalid option --force for coevolve: "
                    + "it resumes; to redo a round, delete its folder (<out>/round-<r>) or use another --out");
        }
        UnosynthConfig config = UnosynthConfig.bind(new ConfigValues(stages));
        // Every round ends with evaluate: say so now, not after the first round's training.
        ValidationException.check(!config.evaluate().set().isBlank(), PipelineErrorCode.INVALID_CONFIG,
                "Invalid config: coevolve evaluates every round and needs an evaluation set (set %s)",
                EvaluateConfig.SET);
        CoevolutionPlan plan = plan(config);
        for (String id : new String[] {step, stopAfter}) {
            if (id != null) {
                plan.require(id);
            }
        }
        // Every step's own configuration binds now, before anything runs (a bad override fails the command here).
        plan.steps().forEach(this::stepConfig);
        return config;
    }

    @Override
    boolean printsWithoutSpark() {
        return dryRun;
    }

    @Override
    void printWithoutSpark(UnosynthConfig config) {
        CoevolutionPlan plan = plan(config);
        StageStorage storage = new HadoopStageStorage(plan.output(), hadoop(config));
        System.out.printf("unosynth coevolve --rounds %d --dry-run -> %s%n", rounds, storage.describe());
        for (CoevolutionStep each : plan.steps()) {
            StepStatus status = status(storage, each);
            System.out.println(status.render());
            each.overrides().forEach((key, value) -> {
                if (!key.equals(CoevolutionPlan.RUN_OUTPUT)) {
                    System.out.printf("%18s   %s = %s%n", "", key, value);
                }
            });
        }
    }

    @Override
    void runStages(SparkSession spark, StageStorage storage, UnosynthConfig config) {
        CoevolutionPlan plan = plan(config);
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        for (CoevolutionStep each : plan.steps()) {
            if (step != null && !step.equals(each.id())) {
                continue;
            }
            StepStatus status = status(storage, each);
            if (status.state() == StepStatus.State.DONE) {
                System.out.printf("[coevolve] %s done, skipped%n", each.id());
            } else {
                System.out.printf("[coevolve] %s (%s) -> %s/%s%n", each.id(), status.state().name().toLowerCase(
                        Locale.ROOT), storage.describe(), each.outputPath());
                long start = System.nanoTime();
                run(spark, hadoop, each);
                try {
                    StepStatus.markDone(storage, each, fingerprint(each), (System.nanoTime() - start) / 1_000_000);
                } catch (IOException e) {
                    throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE, "Cannot record step " + each.id()
                            + " as done in " + storage.describe() + "/" + each.markerPath() + ": " + e, e);
                }
            }
            if (each.id().equals(stopAfter)) {
                System.out.printf("[coevolve] stopped after %s (--stop-after); rerun without it to go on%n",
                        each.id());
                break;
            }
        }
        // Every invocation refreshes the report, so a scheduler running one step per task has it too.
        System.out.println("report -> " + storage.describe() + "/"
                + CoevolutionReportJob.run(spark, storage, plan, System.out));
    }

    private void run(SparkSession spark, Configuration hadoop, CoevolutionStep each) {
        UnosynthConfig config = stepConfig(each);
        if (each.training()) {
            try {
                TrainJob.run(config, trainConfig, each.trainStage(), hadoop, System.out);
            } catch (IOException e) {
                throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE, "Cannot run step " + each.id() + ": "
                        + e, e);
            }
            return;
        }
        StageStorage round = new HadoopStageStorage(config.run().output(), hadoop);
        if (each.stage().equals(CoevolutionPlan.EVALUATE)) {
            EvaluateJob.run(spark, round, config, false, System.out);
        } else {
            RunCommand.RUNNERS.get(each.stage()).run(spark, round, config, false, System.out);
        }
    }

    private CoevolutionPlan plan(UnosynthConfig config) {
        // Generate renders, and evaluate measures, the transformer named ModelNames.DEFAULT.flux().
        String transformer = ModelNames.DEFAULT.flux();
        return new CoevolutionPlan(config.run().output(), rounds, coevolveConfig, transformer,
                config.expand().s2iModel(), transformer);
    }

    /** The stage keys, then the step's overrides (its round's output, the models handed to it). */
    private List<ConfigEntry> stepEntries(CoevolutionStep each) {
        List<ConfigEntry> entries = new ArrayList<>(stageEntries);
        each.overrides().forEach((key, value) -> entries.add(new ConfigEntry(key, value, "coevolve " + each.id())));
        return entries;
    }

    private UnosynthConfig stepConfig(CoevolutionStep each) {
        return UnosynthConfig.bind(new ConfigValues(stepEntries(each)));
    }

    /** Every effective setting of the step (and the trainer's, for a training step): what "done" was done under. */
    private String fingerprint(CoevolutionStep each) {
        Map<String, String> settings = UnosynthConfig.effectiveSettings(List.of(), stepEntries(each));
        return ContentHash.of(settings.toString(), each.training() ? trainConfig.toString() : "");
    }

    private StepStatus status(StageStorage storage, CoevolutionStep each) {
        try {
            return StepStatus.read(storage, each, fingerprint(each));
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE, "Cannot read the state of step "
                    + each.id() + " in " + storage.describe() + ": " + e, e);
        }
    }

    /** As Spark would configure the file systems: spark.hadoop.* keys (credentials, endpoints). */
    private static Configuration hadoop(UnosynthConfig config) {
        Configuration hadoop = new Configuration();
        config.sparkProperties().forEach((key, value) -> {
            if (key.startsWith("spark.hadoop.")) {
                hadoop.set(key.substring("spark.hadoop.".length()), value);
            }
        });
        return hadoop;
    }
}
