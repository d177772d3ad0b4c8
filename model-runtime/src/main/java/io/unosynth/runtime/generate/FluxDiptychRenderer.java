package io.unosynth.runtime.generate;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.GenerateConfig;
import io.unosynth.core.generate.DiptychRenderer;
import io.unosynth.core.generate.RenderRequest;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.sampling.FlowSchedule;
import io.unosynth.runtime.sampling.FluxSampler;
import io.unosynth.runtime.sampling.SampleRequest;
import io.unosynth.runtime.sampling.SamplerParams;
import io.unosynth.runtime.sampling.UnoPositions;
import java.util.List;

/** The generate stage's renderer: text-only FLUX sampling of whole diptychs. */
public final class FluxDiptychRenderer implements DiptychRenderer {
    private final FluxSampler sampler;
    private final String modelIds;

    public FluxDiptychRenderer(FluxSampler sampler, String modelIds) {
        this.sampler = requireNonNull(sampler, "sampler is null");
        this.modelIds = requireNonNull(modelIds, "modelIds is null");
    }

    /** The sampler settings the generate stage's config asks for (references use UNO's sizes and UnoPE). */
    public static SamplerParams samplerParams(GenerateConfig config) {
        FlowSchedule.Variant variant = switch (config.schedule()) {
            case FLUX -> FlowSchedule.Variant.FLUX;
            case UNO_INFERENCE -> FlowSchedule.Variant.UNO_INFERENCE;
        };
        return new SamplerParams(config.steps(), config.guidance(), true, variant, UnoPositions.Offset.DIAGONAL,
                512, 320);
    }

    @Override
    public String modelIds() {
        return modelIds;
    }

    @Override
    public List<RgbImage> render(List<RenderRequest> batch) {
        return sampler.sample(batch.stream()
                .map(r -> SampleRequest.textOnly(r.prompt(), r.seed(), r.width(), r.height()))
                .toList());
    }
}
