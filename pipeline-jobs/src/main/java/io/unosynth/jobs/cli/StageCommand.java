package io.unosynth.jobs.cli;

import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import io.unosynth.core.plan.PromptTemplate;
import io.unosynth.core.shard.RunCaches;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.core.taxonomy.Taxonomy;
import io.unosynth.jobs.report.ReportContext;
import io.unosynth.jobs.spark.SparkSessions;
import io.unosynth.runtime.staging.LocalModelChecksum;
import io.unosynth.jobs.storage.HadoopStageStorage;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that runs stages on Spark: config is bound and checked before Spark starts. */
abstract class StageCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Spec
    CommandSpec spec;

    /** The run's log file, from the moment the config is known until the command ends. */
    private RunLog runLog;

    @Override
    public final Integer call() {
        UnosynthConfig config;
        try {
            config = loadConfig();
            // Fail on a bad selection, taxonomy or template now, not after Spark has started.
            Taxonomy.load(config.taxonomy()).select(config.taxonomy().categories());
            PromptTemplate.load(config.plan().promptTemplateFile());
            LocalModelChecksum.verify(config.models());
        } catch (IllegalArgumentException e) {
            // Before Spark starts an invalid value can only be the user's; later, a bare exception is a bug (70).
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, e.getMessage());
        }
        if (printsWithoutSpark()) {
            printWithoutSpark(config);
            return 0;
        }
        runLog = RunLog.start(config.run().output());
        if (options.verbose) {
            runLog.showWarningsOnConsole();
        }
        SparkSession spark = SparkSessions.create("unosynth " + name(), options.master, config.sparkProperties());
        try {
            StageStorage storage = new HadoopStageStorage(config.run().output(),
                    spark.sparkContext().hadoopConfiguration());
            System.out.println("unosynth " + name() + " -> " + storage.describe() + " (log: " + runLog.file() + ")");
            if (options.dropCaches) {
                RunCaches.drop(storage);
            }
            runStages(spark, storage, config);
        } finally {
            spark.stop();
        }
        runLog.close();
        runLog = null;
        return 0;
    }

    /**
     * Records a failure in the run's log file and closes it; returns the file, or null if the command failed before
     * its log started (a bad config: nothing ran, the one-line message says it all).
     */
    Path logFailure(Throwable failure) {
        if (runLog == null) {
            return null;
        }
        try (RunLog log = runLog) {
            log.failure(failure);
            return log.file();
        } finally {
            runLog = null;
        }
    }

    /** The report's view of this invocation: its command line, effective settings and stage wall times. */
    ReportContext reportContext(Map<String, Long> wallMillis) {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        String command = "unosynth " + args.stream().map(StageCommand::quoted).collect(Collectors.joining(" "));
        return new ReportContext(Instant.now().truncatedTo(ChronoUnit.SECONDS), command, options.settings(),
                wallMillis);
    }

    private static String quoted(String arg) {
        return arg.matches("[A-Za-z0-9_@%+=:,./-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    /** The command's configuration; a command with keys of its own (coevolve) binds them apart. */
    UnosynthConfig loadConfig() {
        return options.load();
    }

    /** Whether this invocation only prints (a dry run): then no log and no Spark session. */
    boolean printsWithoutSpark() {
        return false;
    }

    void printWithoutSpark(UnosynthConfig config) {
        throw new UnsupportedOperationException(name() + " always runs on Spark");
    }

    boolean verbose() {
        return options.verbose;
    }

    abstract String name();

    abstract void runStages(SparkSession spark, StageStorage storage, UnosynthConfig config);
}
