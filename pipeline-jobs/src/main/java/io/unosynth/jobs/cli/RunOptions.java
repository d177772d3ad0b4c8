package io.unosynth.jobs.cli;

import io.unosynth.core.config.ConfigEntry;
import io.unosynth.core.config.ConfigFiles;
import io.unosynth.core.config.RunConfig;
import io.unosynth.core.config.TaxonomyConfig;
import io.unosynth.core.config.UnosynthConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options shared by every stage command. Flags are overrides: they win over {@code --set}, which wins over the
 * {@code --conf} files (later files over earlier ones), which win over built-in defaults.
 */
public final class RunOptions {
    @Option(names = "--conf", paramLabel = "FILE", description = "Config file (key = value lines); repeatable.")
    List<Path> configFiles = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one config key; repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: spark-submit's, else local[*]).")
    String master;

    @Option(names = "--out", paramLabel = "URI",
            description = "Run output root: a local path or file:, hdfs:, s3a: URI (config: run.output).")
    String output;

    @Option(names = "--categories", paramLabel = "LIST",
            description = "Categories to run, by id or name, e.g. 1,5,Person (config: taxonomy.categories).")
    String categories;

    @Option(names = "--force", description = "Redo the stage(s) from scratch instead of resuming.")
    boolean force;

    @Option(names = "--verbose", description = "Print a failure's stack trace and Spark's warnings on the terminal "
            + "(they are always in the run's log file, <out>/_logs/).")
    boolean verbose;

    @Option(names = "--drop-caches", description = "Delete the run's model-call caches (judge verdicts) first; "
            + "--force keeps them.")
    boolean dropCaches;

    /** Binds the configuration; every error names the key and the file (or flag) it came from. */
    UnosynthConfig load() {
        return UnosynthConfig.load(configFiles, entries());
    }

    /** The effective settings of {@link #load()}'s config, in config-file syntax (for the report). */
    Map<String, String> settings() {
        return UnosynthConfig.effectiveSettings(configFiles, entries());
    }

    /** Every entry of the config files then the overrides and flags, in precedence order (lowest first). */
    List<ConfigEntry> layeredEntries() {
        List<ConfigEntry> layered = new ArrayList<>();
        for (Path file : configFiles) {
            layered.addAll(ConfigFiles.read(file));
        }
        layered.addAll(entries());
        return layered;
    }

    private List<ConfigEntry> entries() {
        List<ConfigEntry> entries = new ArrayList<>();
        for (String override : overrides) {
            entries.add(ConfigFiles.override(override));
        }
        if (output != null) {
            entries.add(new ConfigEntry(RunConfig.OUTPUT, output, "--out"));
        }
        if (categories != null) {
            entries.add(new ConfigEntry(TaxonomyConfig.CATEGORIES, categories, "--categories"));
        }
        return entries;
    }
}
