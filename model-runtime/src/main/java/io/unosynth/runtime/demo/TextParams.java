package io.unosynth.runtime.demo;

import io.unosynth.core.error.Preconditions;

/** Sizes of a demo text tower (CLIP-like, T5-like, OWL text): vocabulary, sequence length, width, depth, heads. */
record TextParams(int vocabularySize, int contextLength, int width, int depth, int heads) {
    TextParams {
        Preconditions.checkArgument(vocabularySize > 0 && contextLength > 0 && depth > 0,
                "Invalid text encoder sizes: vocabulary %d, context %d, depth %d",
                vocabularySize, contextLength, depth);
        Preconditions.checkArgument(heads > 0 && width % heads == 0,
                "Invalid text encoder width: %d is not divisible by %d heads", width, heads);
    }
}
