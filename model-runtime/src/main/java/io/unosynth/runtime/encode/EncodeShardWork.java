package io.unosynth.runtime.encode;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.encode.AspectBuckets;
import io.unosynth.core.encode.EmptyPromptEmbeddings;
import io.unosynth.core.encode.EncodedRow;
import io.unosynth.core.encode.FloatArray;
import io.unosynth.core.export.ExportRow;
import io.unosynth.core.image.Crop;
import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.ResampleFilter;
import io.unosynth.core.image.Resize;
import io.unosynth.core.image.RgbImage;
import io.unosynth.core.shard.RowSource;
import io.unosynth.core.shard.ShardEmitter;
import io.unosynth.core.shard.ShardWork;
import io.unosynth.runtime.sampling.LatentCodec;
import io.unosynth.runtime.sampling.PromptEmbeddings;
import io.unosynth.runtime.sampling.PromptEncoder;
import java.util.List;

/**
 * One encode shard: for each exported pair, in the export part's order, the target fitted into its aspect bucket
 * and the reference as UNO preprocesses it (longer side = the bucket resolution, truncated, then the centre cropped
 * to multiples of 16), both through the VAE encoder; the prompt through T5 and CLIP. One image and one prompt per
 * model call, so the values do not depend on how rows are grouped. A pair whose image does not decode is counted
 * and skipped.
 */
public final class EncodeShardWork implements ShardWork<EncodedRow> {
    private final RowSource<ExportRow> pairs;
    private final AspectBuckets buckets;
    private final LatentCodec vae;
    private final PromptEncoder prompts;
    private final String modelIds;

    public EncodeShardWork(RowSource<ExportRow> pairs, AspectBuckets buckets, LatentCodec vae, PromptEncoder prompts,
            String modelIds) {
        this.pairs = requireNonNull(pairs, "pairs is null");
        this.buckets = requireNonNull(buckets, "buckets is null");
        this.vae = requireNonNull(vae, "vae is null");
        this.prompts = requireNonNull(prompts, "prompts is null");
        this.modelIds = requireNonNull(modelIds, "modelIds is null");
    }

    @Override
    public void run(ShardEmitter<EncodedRow> emitter) {
        emitter.useModel(modelIds);
        for (ExportRow pair : pairs) {
            emitter.countInput(1);
            RgbImage target;
            RgbImage reference;
            try {
                target = ImageCodec.decode(pair.targetPng(), pair.pairId() + " target");
                reference = ImageCodec.decode(pair.referencePng(), pair.pairId() + " reference");
            } catch (RuntimeException e) {
                emitter.countFailure("image_unreadable");
                continue;
            }
            RgbImage fitted = buckets.fit(target);
            RgbImage referenceImage = Crop.centerToMultiple(16).apply(
                    Resize.longestEdgeTruncated(buckets.resolution(), ResampleFilter.LANCZOS).apply(reference));
            PromptEmbeddings text = prompts.encode(List.of(pair.prompt()));
            emitter.emit(new EncodedRow(pair.pairId(), pair.prompt(), fitted.width(), fitted.height(),
                    latent(fitted), List.of(latent(referenceImage)), t5(text), clip(text)));
        }
    }

    /** The empty prompt's embeddings, for text dropout. */
    public static EmptyPromptEmbeddings emptyPrompt(PromptEncoder prompts) {
        PromptEmbeddings text = prompts.encode(List.of(""));
        return new EmptyPromptEmbeddings(t5(text), clip(text));
    }

    private FloatArray latent(RgbImage image) {
        return new FloatArray(List.of(LatentCodec.CHANNELS, image.height() / 8, image.width() / 8),
                vae.encode(image));
    }

    private static FloatArray t5(PromptEmbeddings text) {
        return new FloatArray(List.of(text.tokens(), text.width()), text.tokenEmbeddings());
    }

    private static FloatArray clip(PromptEmbeddings text) {
        return new FloatArray(List.of(text.pooledWidth()), text.pooled());
    }
}
