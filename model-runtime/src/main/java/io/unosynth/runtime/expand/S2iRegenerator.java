package io.unosynth.runtime.expand;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.ExpandConfig;
import io.unosynth.core.expand.ObjectPrompt;
import io.unosynth.core.expand.ReferenceRegenerator;
import io.unosynth.core.image.PadToSquare;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.sampling.FlowSchedule;
import io.unosynth.runtime.sampling.FluxSampler;
import io.unosynth.runtime.sampling.SampleRequest;
import io.unosynth.runtime.sampling.SamplerParams;
import io.unosynth.runtime.sampling.UnoPositions;
import java.util.List;

/**
 * The expand stage's regeneration: the subject-to-image model ({@code models.s2i}, any FLUX-contract transformer)
 * sampled with the crop as its single UnoPE reference and the object prompt, at {@code expand.size} square. A crop
 * too thin for one reference token is padded to a square first.
 */
public final class S2iRegenerator implements ReferenceRegenerator {
    private final FluxSampler sampler;
    private final ObjectPrompt prompt;
    private final int size;
    private final String modelId;

    public S2iRegenerator(FluxSampler sampler, ObjectPrompt prompt, int size, String modelId) {
        this.sampler = requireNonNull(sampler, "sampler is null");
        this.prompt = requireNonNull(prompt, "prompt is null");
        this.size = size;
        this.modelId = requireNonNull(modelId, "modelId is null");
    }

    /**
     * UNO's sampling with the expand settings; the crop is resized to the output size (UNO uses 512 for one
     * reference, the default {@code expand.size}).
     */
    public static SamplerParams samplerParams(ExpandConfig config) {
        return new SamplerParams(config.steps(), config.guidance(), true, FlowSchedule.Variant.FLUX,
                UnoPositions.Offset.DIAGONAL, config.size(), config.size());
    }

    @Override
    public String modelId() {
        return modelId;
    }

    public String prompt(String label) {
        return prompt.render(label);
    }

    @Override
    public RgbImage regenerate(RgbImage crop, String label, long seed) {
        return sampler.sample(List.of(new SampleRequest(prompt.render(label), seed, size, size,
                List.of(fitForReference(crop, size))))).get(0);
    }

    /**
     * A crop so thin that its short side would fall below one 16-pixel token once its long side is {@code size}
     * is padded to a square (grey, bottom/right) first; any other crop goes as it is.
     */
    static RgbImage fitForReference(RgbImage crop, int size) {
        double shortSide = (double) Math.min(crop.width(), crop.height()) * size
                / Math.max(crop.width(), crop.height());
        return Math.round(shortSide) < 16 ? PadToSquare.grey().apply(crop) : crop;
    }
}
