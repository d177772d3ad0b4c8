package io.unosynth.runtime.contracts.clip;

import io.unosynth.runtime.spi.TensorSpec;
import io.unosynth.runtime.contracts.ContractSignature.Kind;
import io.unosynth.runtime.contracts.ContractSignature;
import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.Preconditions;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.ContractSession;
import io.unosynth.runtime.contracts.dino.DinoPostprocessor;
import io.unosynth.runtime.contracts.text.TextEncoderSession;
import io.unosynth.runtime.contracts.text.TextTokenizer;
import io.unosynth.runtime.contracts.text.TokenIds;
import io.unosynth.runtime.spi.DataType;
import io.unosynth.runtime.spi.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CLIP text embedder contract of CLIP-T (a {@code CLIPTextModelWithProjection} export of ViT-B/32):
 * {@code input_ids [B, 77]} int64 (and {@code attention_mask [B, 77]} int64 when the export has it) ->
 * {@code text_embeds [B, 512]} (the projected end-of-text state), L2-normalised. The model's tokenizer.json
 * pads and truncates to 77 tokens. Owns the tokenizer; the session belongs to its lease.
 */
public final class ClipProjectedTextEncoder implements AutoCloseable {
    public static final int LENGTH = 77;
    public static final String INPUT_IDS = TextEncoderSession.INPUT_IDS;
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String TEXT_EMBEDS = "text_embeds";
    /**
     * What a CLIP text export with projection takes and gives, in positional order; an export's optional
     * attention mask is read from its own metadata (ONNX), not declared.
     */
    public static final ContractSignature SIGNATURE = ContractSignature.builder()
            .input(INPUT_IDS, Kind.INT64, TensorSpec.DYNAMIC, ClipTextEncoder.LENGTH)
            .output(TEXT_EMBEDS, Kind.ACTIVATION, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC)
            .build();

    private final ContractSession session;
    private final TextTokenizer tokenizer;
    private final BatchSize batchSize;
    private final boolean masked;

    private ClipProjectedTextEncoder(ContractSession session, TextTokenizer tokenizer, BatchSize batchSize,
            boolean masked) {
        this.session = session;
        this.tokenizer = tokenizer;
        this.batchSize = batchSize;
        this.masked = masked;
    }

    public static ClipProjectedTextEncoder open(ContractSession session, Path tokenizerFile, BatchSize batchSize) {
        requireNonNull(session, "session is null");
        requireNonNull(batchSize, "batchSize is null");
        session.requireInput(INPUT_IDS, DataType.INT64);
        boolean masked = session.hasInput(ATTENTION_MASK);
        if (masked) {
            session.requireInput(ATTENTION_MASK, DataType.INT64);
        }
        session.requireOutput(TEXT_EMBEDS);
        return new ClipProjectedTextEncoder(session, TextTokenizer.open(session.modelName(), tokenizerFile, LENGTH),
                batchSize, masked);
    }

    /** One unit vector per text, in order. */
    public float[][] embed(List<String> texts) {
        Preconditions.checkArgument(!texts.isEmpty(), "Invalid texts: empty");
        float[][] out = new float[texts.size()][];
        int done = 0;
        for (List<String> batch : batchSize.split(texts)) {
            TokenIds ids = tokenizer.encode(batch);
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            inputs.put(INPUT_IDS, Tensor.ofLongs(ids.ids(), ids.batch(), ids.length()));
            if (masked) {
                inputs.put(ATTENTION_MASK, Tensor.ofLongs(ids.attentionMask(), ids.batch(), ids.length()));
            }
            Tensor embeds = session.run(inputs, List.of(TEXT_EMBEDS)).get(TEXT_EMBEDS);
            session.checkShape(TEXT_EMBEDS, embeds, batch.size(), embeds.rank() == 2 ? embeds.dimension(1) : -1);
            float[][] embeddings = DinoPostprocessor.fromPooled(embeds);
            System.arraycopy(embeddings, 0, out, done, embeddings.length);
            done += embeddings.length;
        }
        return out;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
