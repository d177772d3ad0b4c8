package io.unosynth.runtime.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.runtime.demo.DemoBundle;
import io.unosynth.runtime.demo.DemoModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check `unosynth validate` runs: real ONNX files on disk, loaded and compared with their contracts. */
class ContractCheckTest {
    @TempDir
    static Path directory;

    static DemoBundle bundle;

    @BeforeAll
    static void writeDemoModels() {
        bundle = DemoContracts.write(directory);
    }

    @Test
    void exportsWithThePublicContractsPass() {
        List<ContractCheck.Outcome> outcomes = ContractCheck.check(DemoContracts.loader(bundle, Map.of()),
                ModelNames.DEFAULT);

        assertThat(outcomes).extracting(ContractCheck.Outcome::model)
                .containsExactly("flux", "t5", "clip", "vae-decoder", "dino");
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.error()).as(outcome.model()).isEmpty());
        assertThat(outcomes.get(0).location()).isEqualTo(bundle.model(DemoModel.FLUX_TRANSFORMER).getParent().toString());
    }

    @Test
    void aWrongExportAWrongMappingAndAMissingLocationFailOneByOne() {
        Map<String, String> broken = Map.of(
                // A DINOv2 export where the FLUX transformer should be.
                "models.flux.location", bundle.model(DemoModel.EMBEDDER).getParent().toString(),
                "models.clip.output.pooled_embeddings", "pooled",
                "models.dino.location", directory.resolve("no-such-model").toString());

        List<ContractCheck.Outcome> outcomes = ContractCheck.check(DemoContracts.loader(bundle, broken),
                ModelNames.DEFAULT);

        assertThat(outcomes.get(0).error()).hasValueSatisfying(error -> assertThat(error)
                .contains("Invalid model 'flux'").contains("contract input 'hidden_states'"));
        assertThat(outcomes.get(2).error()).hasValueSatisfying(error -> assertThat(error)
                .contains("Invalid model 'clip'").contains("no output 'pooled'")
                .contains("models.clip.output.pooled_embeddings"));
        assertThat(outcomes.get(4).error()).hasValueSatisfying(error -> assertThat(error).contains("no-such-model"));
        assertThat(outcomes.get(1).passed()).as("t5 is unaffected").isTrue();
        assertThat(outcomes.get(3).passed()).as("the VAE is unaffected").isTrue();
    }
}
