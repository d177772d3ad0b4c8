package io.unosynth.runtime.sampling;

import java.util.List;

/** T5 + CLIP text encoding of prompts, as FLUX conditions on them. */
public interface PromptEncoder {
    PromptEmbeddings encode(List<String> prompts);
}
