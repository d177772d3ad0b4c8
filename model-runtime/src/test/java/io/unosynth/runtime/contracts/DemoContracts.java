package io.unosynth.runtime.contracts;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.ModelsConfig;
import io.unosynth.runtime.demo.DemoBundle;
import io.unosynth.runtime.demo.DemoModel;
import io.unosynth.runtime.demo.DemoModels;
import io.unosynth.runtime.registry.ModelLoader;
import io.unosynth.runtime.registry.ModelRegistry;
import io.unosynth.runtime.spi.ModelSession;
import io.unosynth.runtime.spi.ModelSignature;
import io.unosynth.runtime.staging.LocalDirectoryFiles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The demo bundle written to a directory and configured under the contract names a {@code ModelSet} uses. */
public final class DemoContracts {
    public static final long SEED = 7;

    private DemoContracts() {}

    public static DemoBundle write(Path directory) {
        System.setProperty("ai.djl.offline", "true");
        return DemoModels.write(directory, SEED);
    }

    /** {@code models.<name>.location} for every demo model, plus {@code extra} keys. */
    public static ModelsConfig config(DemoBundle bundle, Map<String, String> extra) {
        Map<String, String> keys = new HashMap<>();
        Map<String, DemoModel> names = Map.ofEntries(Map.entry(ModelNames.DEFAULT.dinoV1(), DemoModel.DINO_V1),
                Map.entry(ModelNames.DEFAULT.clipVision(), DemoModel.CLIP_VISION),
                Map.entry(ModelNames.DEFAULT.clipTextProjected(), DemoModel.CLIP_TEXT_PROJECTED));
        Map<String, DemoModel> generation = Map.of(ModelNames.DEFAULT.dino(), DemoModel.EMBEDDER,
                ModelNames.DEFAULT.clip(), DemoModel.CLIP_TEXT, ModelNames.DEFAULT.t5(), DemoModel.T5_TEXT,
                ModelNames.DEFAULT.flux(), DemoModel.FLUX_TRANSFORMER,
                ModelNames.DEFAULT.vaeDecoder(), DemoModel.VAE_DECODER,
                ModelNames.DEFAULT.vaeEncoder(), DemoModel.VAE_ENCODER, ModelNames.DEFAULT.owl(), DemoModel.DETECTOR);
        for (Map<String, DemoModel> group : List.of(generation, names)) {
            group.forEach((name, model) -> keys.put("models." + name + ".location",
                    bundle.model(model).getParent().toString()));
        }
        keys.putAll(extra);
        return ModelsConfig.from(ConfigValues.of(keys));
    }

    public static ModelLoader loader(DemoBundle bundle, Map<String, String> extra) {
        return ModelLoader.create(config(bundle, extra), new LocalDirectoryFiles(bundle.root()), SEED);
    }

    /** A lease on a configured model's session, wrapped for its contract. */
    public static Leased open(ModelLoader loader, String name) {
        ModelRegistry.Lease<ModelSession> lease = loader.acquire(name, List.of(), ModelSignature.EMPTY);
        return new Leased(lease, new ContractSession(lease.value(), loader.spec(name)));
    }

    public record Leased(ModelRegistry.Lease<ModelSession> lease, ContractSession session) implements AutoCloseable {
        @Override
        public void close() {
            lease.close();
        }
    }
}
