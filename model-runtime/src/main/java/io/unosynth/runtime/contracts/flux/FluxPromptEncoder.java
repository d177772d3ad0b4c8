package io.unosynth.runtime.contracts.flux;

import static java.util.Objects.requireNonNull;

import io.unosynth.runtime.contracts.clip.ClipTextEncoder;
import io.unosynth.runtime.contracts.t5.T5TextEncoder;
import io.unosynth.runtime.contracts.text.PooledEmbeddings;
import io.unosynth.runtime.contracts.text.TokenEmbeddings;
import io.unosynth.runtime.sampling.PromptEmbeddings;
import io.unosynth.runtime.sampling.PromptEncoder;
import java.util.List;

/** FLUX's text conditioning: T5 token embeddings {@code [B, 512, 4096]} and the pooled CLIP vector {@code [B, 768]}. */
public final class FluxPromptEncoder implements PromptEncoder {
    private final T5TextEncoder t5;
    private final ClipTextEncoder clip;

    public FluxPromptEncoder(T5TextEncoder t5, ClipTextEncoder clip) {
        this.t5 = requireNonNull(t5, "t5 is null");
        this.clip = requireNonNull(clip, "clip is null");
    }

    @Override
    public PromptEmbeddings encode(List<String> prompts) {
        TokenEmbeddings tokens = t5.encode(prompts);
        PooledEmbeddings pooled = clip.encode(prompts);
        return new PromptEmbeddings(prompts.size(), tokens.tokens(), tokens.width(), tokens.values(), pooled.width(),
                pooled.values());
    }
}
