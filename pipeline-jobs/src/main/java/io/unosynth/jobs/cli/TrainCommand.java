package io.unosynth.jobs.cli;

import io.unosynth.core.config.ConfigEntry;
import io.unosynth.core.config.ConfigFiles;
import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.RunConfig;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import io.unosynth.jobs.train.TrainJob;
import io.unosynth.trainer.TrainConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "UNO's LoRA training of the DiT on the encoded pairs (<out>/encode): --stage 1 on the "
                + "single-subject pairs, --stage 2 from the Stage I LoRA on the multi-subject sets. Checkpoints and "
                + "dit_lora.safetensors in <out>/train/stage-<n>, with steps.csv (loss per step) and model/ (serve it with "
                + "models.<name>.backend = dit); a rerun resumes. train.* keys: conf/train.properties.")
final class TrainCommand implements Callable<Integer> {
    private static final String TRAIN_PREFIX = "train.";
    private static final String HADOOP_PREFIX = "spark.hadoop.";

    @Option(names = "--stage", required = true, paramLabel = "1|2", description = "Training stage: 1 or 2.")
    int stage;

    @Option(names = "--conf", paramLabel = "FILE", description = "Config file (key = value lines); repeatable.")
    List<Path> configFiles = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one config key; repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "URI",
            description = "Run output root: a local path or file:, hdfs:, s3a: URI (config: run.output).")
    String output;

    @Override
    public Integer call() throws IOException {
        // train.* keys are the trainer's; the rest bind (and are checked) as every other command's.
        List<ConfigEntry> run = new ArrayList<>();
        List<ConfigEntry> train = new ArrayList<>();
        for (ConfigEntry entry : entries()) {
            (entry.key().startsWith(TRAIN_PREFIX) ? train : run).add(entry);
        }
        UnosynthConfig config;
        TrainConfig trainConfig;
        try {
            config = UnosynthConfig.bind(new ConfigValues(run));
            ConfigValues trainValues = new ConfigValues(train);
            trainConfig = TrainConfig.from(trainValues);
            trainValues.checkAllConsumed();
        } catch (IllegalArgumentException e) {
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, e.getMessage());
        }
        // As Spark would: spark.hadoop.* keys configure the file systems (credentials, endpoints).
        Configuration hadoop = new Configuration();
        for (Map.Entry<String, String> property : config.sparkProperties().entrySet()) {
            if (property.getKey().startsWith(HADOOP_PREFIX)) {
                hadoop.set(property.getKey().substring(HADOOP_PREFIX.length()), property.getValue());
            }
        }
        TrainJob.run(config, trainConfig, stage, hadoop, System.out);
        return 0;
    }

    private List<ConfigEntry> entries() {
        List<ConfigEntry> entries = new ArrayList<>();
        for (Path file : configFiles) {
            entries.addAll(ConfigFiles.read(file));
        }
        for (String override : overrides) {
            entries.add(ConfigFiles.override(override));
        }
        if (output != null) {
            entries.add(new ConfigEntry(RunConfig.OUTPUT, output, "--out"));
        }
        return entries;
    }
}
