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
import io.unosynth.core.expand.ExpandSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.StreamSupport;

/**
 * One encode shard: for each exported pair (or, {@link #ofSets}, each multi-subject set of expand), in the export part's order, the target fitted into its aspect bucket
 * and the reference as UNO preprocesses it (longer side = the bucket resolution, truncated, then the centre cropped
 * to multiples of 16), both through the VAE encoder; the prompt through T5 and CLIP. One image and one prompt per
 * model call, so the values do not depend on how rows are grouped. A pair whose image does not decode is counted
 * and skipped. A set's references are prepared as UNO's sampler prepares several: longer side 320/512 of the
 * resolution (UNO's 320 at 512 px), each through the VAE encoder, in the set's order.
 */
public final class EncodeShardWork implements ShardWork<EncodedRow> {
    /**
     * What is encoded of a pair or a set: its id, prompt, target and references, as PNGs; or, with a
     * {@code rejection}, why it is left out (counted under that reason).
     */
    private record Item(String id, String prompt, byte[] targetPng, List<byte[]> referencePngs,
            Optional<String> rejection) {}

    private final Iterable<Item> pairs;
    private final AspectBuckets buckets;
    private final LatentCodec vae;
    private final PromptEncoder prompts;
    private final String modelIds;

    public EncodeShardWork(RowSource<ExportRow> pairs, AspectBuckets buckets, LatentCodec vae, PromptEncoder prompts,
            String modelIds) {
        this(items(requireNonNull(pairs, "pairs is null")), buckets, vae, prompts, modelIds);
    }

    private EncodeShardWork(Iterable<Item> items, AspectBuckets buckets, LatentCodec vae, PromptEncoder prompts,
            String modelIds) {
        this.pairs = items;
        this.buckets = requireNonNull(buckets, "buckets is null");
        this.vae = requireNonNull(vae, "vae is null");
        this.prompts = requireNonNull(prompts, "prompts is null");
        this.modelIds = requireNonNull(modelIds, "modelIds is null");
    }

    /** The multi-subject sets of one expand shard, each with its n references. */
    public static EncodeShardWork ofSets(RowSource<ExpandSet> sets, AspectBuckets buckets, LatentCodec vae,
            PromptEncoder prompts, String modelIds) {
        return ofSets(sets, set -> Optional.empty(), buckets, vae, prompts, modelIds);
    }

    /**
     * The multi-subject sets of one expand shard that {@code rejection} keeps (an empty answer), each with its n
     * references; a rejected set is an input counted under the reason given, and not encoded.
     */
    public static EncodeShardWork ofSets(RowSource<ExpandSet> sets, Function<ExpandSet, Optional<String>> rejection,
            AspectBuckets buckets, LatentCodec vae, PromptEncoder prompts, String modelIds) {
        requireNonNull(sets, "sets is null");
        requireNonNull(rejection, "rejection is null");
        return new EncodeShardWork(() -> StreamSupport.stream(sets.spliterator(), false)
                .map(set -> new Item(set.setId(), set.prompt(), set.targetPng(), set.referencePngs(),
                        rejection.apply(set))).iterator(),
                buckets, vae, prompts, modelIds);
    }

    private static Iterable<Item> items(RowSource<ExportRow> pairs) {
        return () -> StreamSupport.stream(pairs.spliterator(), false).map(pair -> new Item(pair.pairId(),
                pair.prompt(), pair.targetPng(), List.of(pair.referencePng()), Optional.empty())).iterator();
    }

    @Override
    public void run(ShardEmitter<EncodedRow> emitter) {
        emitter.useModel(modelIds);
        for (Item item : pairs) {
            emitter.countInput(1);
            if (item.rejection().isPresent()) {
                emitter.countFailure(item.rejection().get());
                continue;
            }
            RgbImage target;
            List<RgbImage> references = new ArrayList<>();
            try {
                target = ImageCodec.decode(item.targetPng(), item.id() + " target");
                for (int i = 0; i < item.referencePngs().size(); i++) {
                    references.add(ImageCodec.decode(item.referencePngs().get(i), item.id() + " reference "
                            + (i + 1)));
                }
            } catch (RuntimeException e) {
                emitter.countFailure("image_unreadable");
                continue;
            }
            RgbImage fitted = buckets.fit(target);
            // UNO's sizes at 512 px: 512 for one reference, 320 for several.
            int longSide = references.size() == 1 ? buckets.resolution()
                    : Math.max(16, Math.round(buckets.resolution() * 320f / 512 / 16) * 16);
            List<FloatArray> referenceLatents = new ArrayList<>();
            for (RgbImage reference : references) {
                referenceLatents.add(latent(Crop.centerToMultiple(16).apply(
                        Resize.longestEdgeTruncated(longSide, ResampleFilter.LANCZOS).apply(reference))));
            }
            PromptEmbeddings text = prompts.encode(List.of(item.prompt()));
            emitter.emit(new EncodedRow(item.id(), item.prompt(), fitted.width(), fitted.height(),
                    latent(fitted), referenceLatents, t5(text), clip(text)));
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
