package io.unosynth.runtime.registry;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.ModelSpec;
import io.unosynth.core.config.ModelsConfig;
import io.unosynth.runtime.device.DeviceSelector;
import io.unosynth.runtime.spi.BackendProvider;
import io.unosynth.runtime.spi.BackendSettings;
import io.unosynth.runtime.spi.Backends;
import io.unosynth.runtime.spi.Device;
import io.unosynth.runtime.spi.ModelLoadRequest;
import io.unosynth.runtime.spi.ModelSession;
import io.unosynth.runtime.spi.ModelSignature;
import io.unosynth.runtime.spi.SessionOptions;
import io.unosynth.runtime.staging.ModelStager;
import io.unosynth.runtime.staging.RoutingRemoteFiles;
import io.unosynth.runtime.staging.RemoteFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The way a task gets a model: it names a configured model and passes its GPU addresses; the loader chooses the
 * device and backend and returns a lease on the JVM's one session for that (model, device, options), staging and
 * loading it on first use. Cheap to build per task; all sharing happens in the {@link ModelRegistry}.
 */
public final class ModelLoader {
    private final ModelsConfig config;
    private final Backends backends;
    private final ModelStager stager;
    private final DeviceSelector devices;
    private final ModelRegistry registry;
    private final long seed;

    public ModelLoader(ModelsConfig config, Backends backends, ModelStager stager, DeviceSelector devices,
            ModelRegistry registry, long seed) {
        this.config = requireNonNull(config, "config is null");
        this.backends = requireNonNull(backends, "backends is null");
        this.stager = requireNonNull(stager, "stager is null");
        this.devices = requireNonNull(devices, "devices is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.seed = seed;
    }

    /** The production wiring: ServiceLoader backends, the process environment, the JVM's registry. */
    public static ModelLoader create(ModelsConfig config, RemoteFiles remote, long seed) {
        return new ModelLoader(config, Backends.discover(), new ModelStager(config.resolveCacheDir(), new RoutingRemoteFiles(remote)),
                DeviceSelector.fromProcessEnvironment(), ModelRegistry.get(), seed);
    }

    /** The configured spec of model {@code name}, whose input and output name maps contracts apply. */
    public ModelSpec spec(String name) {
        return config.require(name);
    }

    /** Whether model {@code name} is configured (optional models, such as a VAE encoder). */
    public boolean isConfigured(String name) {
        return config.find(name).isPresent();
    }

    /**
     * The local path of model {@code name}: its location when local, else the copy staged on this node (staged on
     * first use). Contracts find files that travel with the model (tokenizer.json) from here.
     */
    public Path localPath(String name) {
        return stager.stage(config.require(name));
    }

    /**
     * The local path of a file model {@code name} uses from another location ({@code location} local or remote,
     * staged like a model, without a checksum).
     */
    public Path localFile(String name, String location) {
        return stager.stage(name, location, "");
    }

    /**
     * A lease on the session of model {@code name}; close it when the partition is done (the session stays loaded
     * while other leases exist).
     *
     * @param gpuAddresses the GPU addresses the task was given, empty when none
     * @param declared the signature the contract expects ({@link ModelSignature#EMPTY} to take the model's own)
     */
    public ModelRegistry.Lease<ModelSession> acquire(String name, List<String> gpuAddresses,
            ModelSignature declared) {
        ModelSpec spec = config.require(name);
        BackendProvider provider = backends.provider(spec.backend());
        Device device = devices.select(spec, gpuAddresses);
        SessionKey key = new SessionKey(provider.name(), spec, device, SessionOptions.of(spec, seed), declared);
        return registry.acquire(key, () -> load(provider, key), config.idleTimeout());
    }

    private ModelSession load(BackendProvider provider, SessionKey key) {
        Path local = stager.stage(key.spec());
        ModelLoadRequest request = new ModelLoadRequest(key.spec().name(), local, key.device(), key.options(),
                key.declared());
        // A model may name files kept elsewhere (a dit model's base checkpoint); they are staged like models.
        BackendSettings settings = new BackendSettings(config.resolveEngineCacheDir(),
                (modelName, location) -> stager.stage(modelName, location, ""));
        return provider.create(settings).load(request);
    }

    /**
     * A lease on the JVM's one instance of something built over model sessions that should exist once per executor
     * (a pipeline with its own inference threads, so concurrent tasks queue their batches on the same model threads
     * instead of each adding model calls on the same cores). Kept for {@code models.idle-timeout} after its last
     * lease, like a session.
     *
     * @param key everything that makes two instances differ besides this loader's seed (model spec, devices, settings)
     */
    public <T extends AutoCloseable> ModelRegistry.Lease<T> shared(Object key, Supplier<T> builder) {
        return registry.acquire(new SharedKey(key, seed), builder, config.idleTimeout());
    }

    private record SharedKey(Object key, long seed) {}

    /** Everything that makes two sessions differ; the spec holds location, checksum and engine settings. */
    record SessionKey(String backend, ModelSpec spec, Device device, SessionOptions options,
            ModelSignature declared) {}
}
