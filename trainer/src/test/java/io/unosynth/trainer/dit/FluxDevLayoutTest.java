package io.unosynth.trainer.dit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * FLUX.1-dev's checkpoint layout ({@code flux1-dev.safetensors}: 780 tensors, 11,901,408,320 parameters), written
 * out here block by block from the published file's header, against the module tree's shape-only walk.
 */
class FluxDevLayoutTest {
    @Test
    void fluxDevConfigurationYieldsTheCheckpointNamesAndShapes() {
        ParameterShapes shapes = new FluxDiT(DiTParams.FLUX_DEV).parameterShapes();

        Map<String, long[]> expected = publishedLayout();
        assertThat(shapes.shapes().keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((name, shape) -> assertThat(shapes.shape(name)).as(name).containsExactly(shape));
        assertThat(shapes.shapes()).hasSize(780);
        assertThat(shapes.totalParameters()).isEqualTo(11_901_408_320L);
    }

    private static Map<String, long[]> publishedLayout() {
        Map<String, long[]> layout = new LinkedHashMap<>();
        linear(layout, "img_in", 3072, 64);
        linear(layout, "txt_in", 3072, 4096);
        for (String embedder : new String[] {"time_in", "guidance_in"}) {
            linear(layout, embedder + ".in_layer", 3072, 256);
            linear(layout, embedder + ".out_layer", 3072, 3072);
        }
        linear(layout, "vector_in.in_layer", 3072, 768);
        linear(layout, "vector_in.out_layer", 3072, 3072);
        for (int i = 0; i < 19; i++) {
            for (String stream : new String[] {"img", "txt"}) {
                String p = "double_blocks." + i + "." + stream;
                linear(layout, p + "_mod.lin", 18432, 3072);
                linear(layout, p + "_attn.qkv", 9216, 3072);
                linear(layout, p + "_attn.proj", 3072, 3072);
                layout.put(p + "_attn.norm.query_norm.scale", new long[] {128});
                layout.put(p + "_attn.norm.key_norm.scale", new long[] {128});
                linear(layout, p + "_mlp.0", 12288, 3072);
                linear(layout, p + "_mlp.2", 3072, 12288);
            }
        }
        for (int i = 0; i < 38; i++) {
            String p = "single_blocks." + i;
            linear(layout, p + ".linear1", 21504, 3072);
            linear(layout, p + ".linear2", 3072, 15360);
            linear(layout, p + ".modulation.lin", 9216, 3072);
            layout.put(p + ".norm.query_norm.scale", new long[] {128});
            layout.put(p + ".norm.key_norm.scale", new long[] {128});
        }
        linear(layout, "final_layer.linear", 64, 3072);
        linear(layout, "final_layer.adaLN_modulation.1", 6144, 3072);
        return layout;
    }

    private static void linear(Map<String, long[]> layout, String name, long out, long in) {
        layout.put(name + ".weight", new long[] {out, in});
        layout.put(name + ".bias", new long[] {out});
    }
}
