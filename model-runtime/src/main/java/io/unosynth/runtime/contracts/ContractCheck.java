package io.unosynth.runtime.contracts;

import static java.util.Objects.requireNonNull;

import io.unosynth.runtime.registry.ModelLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks, without running a stage, that each configured model a stage uses can be found, staged and loaded, and
 * that its inputs and outputs match its contract (the same checks a contract makes when a partition builds it, so a
 * wrong location, export or {@code input.}/{@code output.} mapping is reported before a cluster is paid for). Loads
 * each model once on the CPU of the calling JVM.
 */
public final class ContractCheck {
    /** The result for one contract: its model's name and location, and the error if it failed. */
    public record Outcome(String contract, String model, String location, Optional<String> error) {
        public Outcome {
            requireNonNull(contract, "contract is null");
            requireNonNull(model, "model is null");
            requireNonNull(location, "location is null");
            requireNonNull(error, "error is null");
        }

        public boolean passed() {
            return error.isEmpty();
        }
    }

    private ContractCheck() {}

    /** Checks the contracts of the generate stage (FLUX transformer, T5, CLIP, VAE) and the filter's embedder. */
    public static List<Outcome> check(ModelLoader loader, ModelNames names) {
        List<Outcome> outcomes = new ArrayList<>();
        try (ModelSet models = new ModelSet(loader, names, List.of(), BatchSize.DEFAULT)) {
            outcomes.add(run(loader, "flux-transformer", names.flux(), () -> models.transformer()));
            outcomes.add(run(loader, "t5-text-encoder", names.t5(), () -> models.t5()));
            outcomes.add(run(loader, "clip-text-encoder", names.clip(), () -> models.clip()));
            outcomes.add(run(loader, "vae", names.vaeDecoder(), () -> models.vae()));
            outcomes.add(run(loader, "dino-embedder", names.dino(), () -> models.dino()));
        }
        return outcomes;
    }

    private static Outcome run(ModelLoader loader, String contract, String model, Runnable build) {
        String location;
        try {
            location = loader.spec(model).location();
        } catch (RuntimeException e) {
            return new Outcome(contract, model, "?", Optional.of(String.valueOf(e.getMessage())));
        }
        try {
            build.run();
            return new Outcome(contract, model, location, Optional.empty());
        } catch (RuntimeException e) {
            return new Outcome(contract, model, location, Optional.of(String.valueOf(e.getMessage())));
        }
    }
}
