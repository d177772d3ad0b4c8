package io.unosynth.jobs.cli;

import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.plan.PromptTemplate;
import io.unosynth.core.taxonomy.Category;
import io.unosynth.core.taxonomy.Taxonomy;
import io.unosynth.jobs.storage.HadoopRemoteFiles;
import io.unosynth.jobs.storage.HadoopStageStorage;
import io.unosynth.jobs.storage.SerializableHadoopConf;
import io.unosynth.jobs.validate.StagePlan;
import io.unosynth.runtime.contracts.ContractCheck;
import io.unosynth.runtime.contracts.ModelNames;
import io.unosynth.runtime.registry.ModelLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks a run without starting Spark: the configuration and arguments, that every model "
                + "location exists and the model matches its contract (each is loaded once on this machine's CPU), "
                + "and prints the stage plan (stages, shards, what is already done). Give a stage command after "
                + "-- to check exactly those arguments: unosynth validate -- generate --conf my.properties --out URI")
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Option(names = "--skip-models", description = "Do not load the models (config, arguments and plan only).")
    boolean skipModels;

    @Parameters(paramLabel = "STAGE_COMMAND", arity = "0..*",
            description = "A stage command line to check instead of this command's options (after --).")
    List<String> stageCommand = new ArrayList<>();

    @Override
    public Integer call() {
        if (!stageCommand.isEmpty() && (options.output != null || options.categories != null
                || !options.configFiles.isEmpty() || !options.overrides.isEmpty())) {
            // `validate plan --out X` would check the stage without X: say so instead of ignoring it.
            throw new IllegalArgumentException("Invalid validate arguments: give the run options either to validate "
                    + "or to the stage command after --, not both: " + String.join(" ", stageCommand));
        }
        // A stage command binds its config as it would itself (coevolve also binds its train.* and coevolve.* keys).
        UnosynthConfig config = stageCommand.isEmpty() ? options.load() : parseStageCommand(stageCommand).loadConfig();
        List<Category> selected = Taxonomy.load(config.taxonomy()).select(config.taxonomy().categories());
        PromptTemplate.load(config.plan().promptTemplateFile());
        System.out.println("config: ok (" + selected.size() + " categories, output " + config.run().output() + ")");

        Configuration hadoop = hadoopConfiguration(config);
        List<String> failed = new ArrayList<>();
        if (!skipModels) {
            ModelLoader loader = ModelLoader.create(config.models(),
                    new HadoopRemoteFiles(new SerializableHadoopConf(hadoop)), config.run().seed());
            for (ContractCheck.Outcome outcome : ContractCheck.check(loader,
                    ModelNames.DEFAULT.withDino(config.filter().embedderModel()))) {
                System.out.println("model " + outcome.model() + " (" + outcome.contract() + ", "
                        + outcome.location() + "): " + outcome.error().map(e -> "FAILED: " + e).orElse("ok"));
                if (!outcome.passed()) {
                    failed.add(outcome.model());
                }
            }
        }

        HadoopStageStorage storage = new HadoopStageStorage(config.run().output(), hadoop);
        System.out.println("stage plan (" + storage.describe() + "):");
        for (StagePlan stage : StagePlan.of(config, selected.size(), storage)) {
            System.out.printf("  %-9s shards: %s; done: %d%s%n", stage.stage(), stage.expected(), stage.done(),
                    stage.stale().filter(n -> n > 0)
                            .map(n -> "; stale (another config, needs --force): " + n).orElse(""));
        }
        System.out.println("  report    " + (StagePlan.reportWritten(storage) ? "written" : "not written"));
        if (!failed.isEmpty()) {
            throw new PipelineException(PipelineErrorCode.INVALID_INPUT,
                    "Invalid models: " + String.join(", ", failed) + " (see the FAILED lines above)");
        }
        return 0;
    }

    /** A stage command line, parsed exactly as that command would parse it. */
    private static StageCommand parseStageCommand(List<String> args) {
        CommandLine.ParseResult parsed;
        try {
            parsed = new CommandLine(new Unosynth()).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException("Invalid stage command '" + String.join(" ", args) + "': "
                    + e.getMessage(), e);
        }
        if (!parsed.hasSubcommand() || !(parsed.subcommand().commandSpec().userObject()
                instanceof StageCommand stage)) {
            throw new IllegalArgumentException("Invalid stage command: " + String.join(" ", args)
                    + " (expected a stage: plan, generate, filter, score, select, export, report or run)");
        }
        return stage;
    }

    /** Hadoop settings from the run's spark.hadoop.* keys, as Spark would pass them (e.g. an S3A endpoint). */
    static Configuration hadoopConfiguration(UnosynthConfig config) {
        Configuration hadoop = new Configuration();
        for (Map.Entry<String, String> entry : config.sparkProperties().entrySet()) {
            if (entry.getKey().startsWith("spark.hadoop.")) {
                hadoop.set(entry.getKey().substring("spark.hadoop.".length()), entry.getValue());
            }
        }
        return hadoop;
    }
}
