package io.unosynth.runtime.spi;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** The backend providers on the classpath, best rank first. */
public final class Backends {
    private final List<BackendProvider> providers;

    public Backends(List<BackendProvider> providers) {
        this.providers = providers.stream().sorted(Comparator.comparingInt(BackendProvider::rank)).toList();
    }

    /** Every provider registered under {@code META-INF/services} and visible to this class's loader. */
    public static Backends discover() {
        return new Backends(ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .toList());
    }

    public List<BackendProvider> providers() {
        return providers;
    }

    public List<String> names() {
        return providers.stream().map(BackendProvider::name).toList();
    }

    /** The provider called {@code name}; an unknown name fails with the list of those available. */
    public BackendProvider provider(String name) {
        requireNonNull(name, "name is null");
        return providers.stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new ValidationException(PipelineErrorCode.INVALID_CONFIG,
                        "Invalid model backend: '" + name + "'; available backends: " + names()));
    }

    /** The best-ranked provider, used when config names none. */
    public BackendProvider preferred() {
        if (providers.isEmpty()) {
            throw new ValidationException(PipelineErrorCode.MODEL_UNAVAILABLE,
                    "Cannot choose a model backend: none is on the classpath (no META-INF/services/"
                            + BackendProvider.class.getName() + ")");
        }
        return providers.get(0);
    }
}
