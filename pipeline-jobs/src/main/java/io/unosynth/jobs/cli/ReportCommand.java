package io.unosynth.jobs.cli;

import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.jobs.report.ReportJob;
import org.apache.spark.sql.SparkSession;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a static HTML report of the run: funnel, histograms, sample pairs, the expand funnel "
                + "and sample sets when expand ran, the loss curve and step times when train ran, models and config "
                + "(<out>/report/index.html; opens from disk).")
final class ReportCommand extends StageCommand {
    @Option(names = "--samples", paramLabel = "N", defaultValue = "" + ReportJob.SAMPLES_DEFAULT,
            description = "Sample pairs shown with thumbnails (default: ${DEFAULT-VALUE}).")
    int samples;

    @Override
    String name() {
        return ReportJob.STAGE;
    }

    @Override
    void runStages(SparkSession spark, StageStorage storage, UnosynthConfig config) {
        ReportJob.run(spark, storage, config, samples, reportContext(Map.of()), System.out);
    }
}
