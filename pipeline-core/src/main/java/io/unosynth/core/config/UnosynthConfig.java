package io.unosynth.core.config;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The whole configuration of a run, bound once on the driver. Precedence, lowest first: built-in defaults,
 * the {@code --conf} files in the order given, then {@code --set} overrides (and CLI flags, which are overrides).
 * Keys under {@code spark.} pass through to the Spark session of local runs.
 */
public record UnosynthConfig(
        RunConfig run,
        TaxonomyConfig taxonomy,
        PlanConfig plan,
        ChatEndpointConfig llm,
        ModelsConfig models,
        GenerateConfig generate,
        FilterConfig filter,
        JudgeConfig judge,
        SelectConfig select,
        EvaluateConfig evaluate,
        ExpandConfig expand,
        EncodeConfig encode,
        Map<String, String> sparkProperties) implements Serializable {

    public static final String LLM_PREFIX = "llm";
    public static final String SPARK_PREFIX = "spark.";

    public UnosynthConfig {
        requireNonNull(run, "run is null");
        requireNonNull(taxonomy, "taxonomy is null");
        requireNonNull(plan, "plan is null");
        requireNonNull(llm, "llm is null");
        requireNonNull(models, "models is null");
        requireNonNull(generate, "generate is null");
        requireNonNull(filter, "filter is null");
        requireNonNull(judge, "judge is null");
        requireNonNull(select, "select is null");
        requireNonNull(evaluate, "evaluate is null");
        requireNonNull(expand, "expand is null");
        requireNonNull(encode, "encode is null");
        // Sorted, not Map.copyOf: its iteration order changes from JVM to JVM, and so would toString().
        sparkProperties = Collections.unmodifiableSortedMap(new TreeMap<>(sparkProperties));
    }

    public static UnosynthConfig defaults() {
        return bind(new ConfigValues(List.of()));
    }

    public static UnosynthConfig load(List<Path> files, List<ConfigEntry> overrides) {
        List<ConfigEntry> layered = new ArrayList<>();
        for (Path file : files) {
            layered.addAll(ConfigFiles.read(file));
        }
        layered.addAll(overrides);
        return bind(new ConfigValues(layered));
    }

    /**
     * The effective settings of the config {@link #load} binds from the same sources: every key with its value as
     * given or its default, in config-file syntax ({@link ConfigValues#effective()}).
     */
    public static Map<String, String> effectiveSettings(List<Path> files, List<ConfigEntry> overrides) {
        List<ConfigEntry> layered = new ArrayList<>();
        for (Path file : files) {
            layered.addAll(ConfigFiles.read(file));
        }
        layered.addAll(overrides);
        ConfigValues values = new ConfigValues(layered);
        bind(values);
        return values.effective();
    }

    /** Binds every record, then rejects keys no record knows. */
    public static UnosynthConfig bind(ConfigValues values) {
        UnosynthConfig config = new UnosynthConfig(
                RunConfig.from(values),
                TaxonomyConfig.from(values),
                PlanConfig.from(values),
                ChatEndpointConfig.from(values, LLM_PREFIX),
                ModelsConfig.from(values),
                GenerateConfig.from(values),
                FilterConfig.from(values),
                JudgeConfig.from(values),
                SelectConfig.from(values),
                EvaluateConfig.from(values),
                ExpandConfig.from(values),
                EncodeConfig.from(values),
                values.withPrefix(SPARK_PREFIX));
        values.checkAllConsumed();
        checkModelNames(config);
        if (config.plan().backend() == PlanConfig.PlanBackendKind.LLM) {
            config.llm().checkConfigured(PlanConfig.BACKEND + " = llm");
        }
        if (config.judge().configured()) {
            config.judge().endpoint().checkConfigured("the score stage's judge");
        }
        return config;
    }

    /**
     * Every {@code models.<name>.*} must name a model a stage uses (a built-in name, or one that a stage's
     * {@code *-model} key names): settings for a misspelt name would otherwise be ignored silently.
     */
    private static void checkModelNames(UnosynthConfig config) {
        Set<String> used = new TreeSet<>(ModelsConfig.BUILT_IN_LOCATIONS.keySet());
        used.addAll(List.of(config.filter().embedderModel(), config.expand().s2iModel(),
                config.expand().detectorModel(), config.expand().embedderModel(), config.evaluate().dinoModel(),
                config.evaluate().clipVisionModel(), config.evaluate().clipTextModel()));
        for (String name : config.models().specs().keySet()) {
            ValidationException.check(used.contains(name), PipelineErrorCode.INVALID_CONFIG,
                    "Invalid config: unknown model '%s' (keys %s%s.*); the stages use %s, and %s (or another "
                            + "stage's *-model key) can name another",
                    name, ModelsConfig.PREFIX, name, used, FilterConfig.EMBEDDER_MODEL);
        }
    }

    public UnosynthConfig withTaxonomy(TaxonomyConfig selection) {
        return new UnosynthConfig(run, selection, plan, llm, models, generate, filter, judge, select, evaluate,
                expand, encode, sparkProperties);
    }
}
