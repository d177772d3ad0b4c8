package io.unosynth.runtime.contracts.text;

import static java.util.Objects.requireNonNull;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.error.Preconditions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A Hugging Face tokenizer.json (CLIP BPE, T5 unigram) through DJL's binding, padding and truncating every text to
 * the model's fixed length. The file's own normaliser, special tokens and padding token apply; nothing is
 * tokenized by hand.
 */
public final class TextTokenizer implements AutoCloseable {
    private final String modelName;
    private final int length;
    private final HuggingFaceTokenizer tokenizer;

    private TextTokenizer(String modelName, int length, HuggingFaceTokenizer tokenizer) {
        this.modelName = modelName;
        this.length = length;
        this.tokenizer = tokenizer;
    }

    /** Loads {@code file}, which must exist; failures name the model and the file. */
    public static TextTokenizer open(String modelName, Path file, int length) {
        requireNonNull(modelName, "modelName is null");
        Preconditions.checkArgument(length > 0, "Invalid token length: %s", length);
        TokenizerFiles.requireFile(modelName, file);
        try {
            return new TextTokenizer(modelName, length, HuggingFaceTokenizer.builder().optTokenizerPath(file)
                    .optMaxLength(length).optPadToMaxLength().optTruncation(true).build());
        } catch (IOException | RuntimeException e) {
            throw new PipelineException(PipelineErrorCode.MODEL_UNAVAILABLE, "Cannot load tokenizer of model '"
                    + modelName + "' from " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    public int length() {
        return length;
    }

    /** {@code [texts.size(), length]} ids and attention mask. */
    public TokenIds encode(List<String> texts) {
        long[] ids = new long[texts.size() * length];
        long[] mask = new long[ids.length];
        for (int i = 0; i < texts.size(); i++) {
            Encoding encoding = tokenizer.encode(requireNonNull(texts.get(i), "text is null"));
            long[] rowIds = encoding.getIds();
            long[] rowMask = encoding.getAttentionMask();
            Preconditions.checkState(rowIds.length == length, "Invalid tokenizer of model '%s': %s ids for a text, "
                    + "expected %s", modelName, rowIds.length, length);
            System.arraycopy(rowIds, 0, ids, i * length, length);
            System.arraycopy(rowMask, 0, mask, i * length, length);
        }
        return new TokenIds(texts.size(), length, ids, mask);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
