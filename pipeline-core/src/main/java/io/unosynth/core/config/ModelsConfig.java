package io.unosynth.core.config;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The models of a run ({@code models.<name>.*}, see {@link ModelSpec}) and the node-local directories the runtime
 * uses for them. Keys directly under {@code models.} without a further dot are settings of this record.
 *
 * @param cacheDir node-local directory remote models are staged into; empty = {@code <java.io.tmpdir>/unosynth-models}
 *     on each node
 * @param engineCacheDir node-local directory engines unpack natives into (DJL's libtorch); empty = {@code
 *     <cacheDir>/engines}
 * @param idleTimeout how long a loaded model stays loaded in an executor after its last task lets go, so every task
 *     of a stage finds it loaded (one load per executor, model and device) and it is freed soon after the stage
 */
public record ModelsConfig(String cacheDir, String engineCacheDir, Duration idleTimeout, Map<String, ModelSpec> specs)
        implements Serializable {

    public static final String PREFIX = "models.";
    public static final String CACHE_DIR = PREFIX + "cache-dir";
    public static final String CACHE_DIR_DEFAULT = "";
    public static final String ENGINE_CACHE_DIR = PREFIX + "engine-cache-dir";
    public static final String ENGINE_CACHE_DIR_DEFAULT = "";
    public static final String IDLE_TIMEOUT = PREFIX + "idle-timeout";
    public static final Duration IDLE_TIMEOUT_DEFAULT = Duration.ofMinutes(5);
    /** Locations {@code demo:<name>} name a model of the built-in demo bundle, written locally on first use. */
    public static final String DEMO_SCHEME = "demo";

    public ModelsConfig {
        requireNonNull(cacheDir, "cacheDir is null");
        requireNonNull(engineCacheDir, "engineCacheDir is null");
        requireNonNull(idleTimeout, "idleTimeout is null");
        specs = Map.copyOf(specs);
    }

    /**
     * The models the stages use by name, each with its built-in location: the miniature demo model of the same
     * contract ({@code demo:<bundle directory>}), so the embedded default runs end to end with no files at all.
     * Setting {@code models.<name>.location} points a stage at a real export.
     */
    public static final Map<String, String> BUILT_IN_LOCATIONS = Map.ofEntries(
            Map.entry("flux", DEMO_SCHEME + ":flux"),
            Map.entry("t5", DEMO_SCHEME + ":t5"),
            Map.entry("clip", DEMO_SCHEME + ":clip"),
            Map.entry("vae-decoder", DEMO_SCHEME + ":vae-decoder"),
            Map.entry("vae-encoder", DEMO_SCHEME + ":vae-encoder"),
            Map.entry("dino", DEMO_SCHEME + ":embedder"),
            Map.entry("owl", DEMO_SCHEME + ":owlv2"),
            Map.entry("dino-v1", DEMO_SCHEME + ":dino-v1"),
            Map.entry("clip-vision", DEMO_SCHEME + ":clip-vision"),
            Map.entry("clip-text-projected", DEMO_SCHEME + ":clip-text-projected"),
            // The expand stage's subject-to-image model; the demo FLUX until a UNO / Stage I export is configured.
            Map.entry("s2i", DEMO_SCHEME + ":flux"));

    /**
     * Built-in models whose intra-op default is not the engine's choice. The filter's DINOv2 makes one model call per
     * core at one thread each on CPU ({@code DinoPairSimilarity}): on 2 cores 0.92 of the bare model's rate where one
     * call split over both cores reached 0.83, with preprocessing on the same cores (bench/README.md).
     */
    public static final Map<String, Integer> BUILT_IN_INTRA_OP_THREADS = Map.of("dino", 1);

    public static ModelsConfig from(ConfigValues values) {
        Map<String, ModelSpec> specs = new TreeMap<>();
        BUILT_IN_LOCATIONS.forEach((name, location) -> specs.put(name, ModelSpec.from(values, PREFIX, name, location,
                BUILT_IN_INTRA_OP_THREADS.getOrDefault(name, ModelSpec.INTRA_OP_THREADS_DEFAULT))));
        for (String key : values.keysUnder(PREFIX)) {
            String rest = key.substring(PREFIX.length());
            int dot = rest.indexOf('.');
            if (dot > 0) {
                specs.computeIfAbsent(rest.substring(0, dot), name -> ModelSpec.from(values, PREFIX, name, ""));
            }
        }
        return new ModelsConfig(values.string(CACHE_DIR, CACHE_DIR_DEFAULT).strip(),
                values.string(ENGINE_CACHE_DIR, ENGINE_CACHE_DIR_DEFAULT).strip(),
                values.duration(IDLE_TIMEOUT, IDLE_TIMEOUT_DEFAULT), specs);
    }

    public Optional<ModelSpec> find(String name) {
        return Optional.ofNullable(specs.get(name));
    }

    /** The spec called {@code name}; fails naming the keys to set and the models that are configured. */
    public ModelSpec require(String name) {
        return find(name).orElseThrow(() -> new ValidationException(PipelineErrorCode.INVALID_CONFIG,
                "Invalid config: no model '" + name + "' (set " + PREFIX + name + "." + ModelSpec.LOCATION
                        + "); configured models: " + new TreeMap<>(specs).keySet()));
    }

    /** The staging directory on this node (resolved where it is used, since executors differ from the driver). */
    public Path resolveCacheDir() {
        return cacheDir.isEmpty() ? Path.of(System.getProperty("java.io.tmpdir"), "unosynth-models") : Path.of(cacheDir);
    }

    public Path resolveEngineCacheDir() {
        return engineCacheDir.isEmpty() ? resolveCacheDir().resolve("engines") : Path.of(engineCacheDir);
    }
}
