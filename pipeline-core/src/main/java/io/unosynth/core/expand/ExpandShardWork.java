package io.unosynth.core.expand;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.ExpandConfig;
import io.unosynth.core.config.ExpandConfig.ReferenceKind;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.export.ExportSink;
import io.unosynth.core.export.TargetCaption;
import io.unosynth.core.filter.PairSimilarity;
import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.RgbImage;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.plan.Seeds;
import io.unosynth.core.shard.ShardEmitter;
import io.unosynth.core.shard.ShardWork;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The expand stage's work for one shard: for every selected pair (in the generate shard's order), detect other
 * subjects in its target, choose by {@link SubjectRules}, crop each with {@link CropGeometry}, and take the crop
 * itself ({@code expand.reference = crop}) or a regenerated reference whose DINOv2 cosine to the crop lies in
 * {@code [expand.similarity-low, expand.similarity-high]}. A pair becomes one {@link ExpandSet} with N = 1 + the
 * references kept; its images are written under {@code images/} of the sink. Nothing is invented: a pair without a
 * usable extra subject gives no set and is counted under its reason ({@link SubjectRules}'s, or
 * {@value #NO_VERIFIED_REFERENCE}); each regenerated reference outside the band is counted as
 * {@value #SIMILARITY_OUT_OF_BAND}.
 */
public final class ExpandShardWork implements ShardWork<ExpandSet> {
    public static final String UNDECODABLE = "undecodable_image";
    public static final String SIMILARITY_OUT_OF_BAND = "similarity_out_of_band";
    public static final String NO_VERIFIED_REFERENCE = "no_verified_reference";

    /** The model seams; {@code regenerator} and {@code similarity} are only used when regenerating. */
    public record Models(SubjectDetector detector, Optional<ReferenceRegenerator> regenerator,
            Optional<PairSimilarity> similarity) {
        public Models {
            requireNonNull(detector, "detector is null");
            requireNonNull(regenerator, "regenerator is null");
            requireNonNull(similarity, "similarity is null");
        }
    }

    private final Iterable<PairRow> pairs;
    private final Set<String> selected;
    private final ExpandConfig config;
    private final DetectorQueries queries;
    private final Models models;
    private final long runSeed;
    private final ExportSink images;
    private final SubjectRules rules;
    private final CropGeometry geometry;

    public ExpandShardWork(Iterable<PairRow> pairs, Set<String> selected, ExpandConfig config,
            DetectorQueries queries, Models models, long runSeed, ExportSink images) {
        this.pairs = requireNonNull(pairs, "pairs is null");
        this.selected = Set.copyOf(selected);
        this.config = requireNonNull(config, "config is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.models = requireNonNull(models, "models is null");
        this.runSeed = runSeed;
        this.images = requireNonNull(images, "images is null");
        this.rules = new SubjectRules(config);
        this.geometry = new CropGeometry(config.cropMargin(), config.minCropSide());
        checkArgument(config.reference() == ReferenceKind.CROP
                || models.regenerator().isPresent() && models.similarity().isPresent(),
                "Cannot regenerate references: no subject-to-image model or no embedder given");
    }

    @Override
    public void run(ShardEmitter<ExpandSet> emitter) throws IOException {
        emitter.useModel(models.detector().modelId());
        boolean regenerate = config.reference() == ReferenceKind.REGENERATE;
        if (regenerate) {
            emitter.useModel(models.regenerator().orElseThrow().modelId());
            emitter.useModel(models.similarity().orElseThrow().modelId());
        }
        for (PairRow pair : pairs) {
            if (!selected.contains(pair.pairId())) {
                continue;
            }
            emitter.countInput(1);
            RgbImage target;
            try {
                target = ImageCodec.decode(pair.targetPng(), pair.pairId() + " target");
            } catch (PipelineException e) {
                emitter.countFailure(UNDECODABLE);
                continue;
            }
            DetectorQueries.Queries asked = queries.forPair(pair.categoryId(), pair.category(),
                    pair.scene() + " " + pair.prompt());
            List<Candidate> detections = models.detector().detect(target, asked.all(), config.minScore());
            SubjectRules.Choice choice = rules.choose(detections, asked.subjectLabels(), target.width(),
                    target.height());
            if (choice.reason().isPresent()) {
                emitter.countFailure(choice.reason().get());
                continue;
            }
            long seed = Seeds.derive(runSeed, pair.pairId().hashCode(), 0x6578706164L);
            List<Candidate> kept = new ArrayList<>();
            List<Double> similarities = new ArrayList<>();
            List<byte[]> references = new ArrayList<>();
            references.add(pair.referencePng());
            for (int i = 0; i < choice.chosen().size(); i++) {
                Candidate candidate = choice.chosen().get(i);
                RgbImage crop = geometry.around(candidate.box(), target.width(), target.height()).apply(target);
                if (!regenerate) {
                    kept.add(candidate);
                    references.add(ImageCodec.encodePng(crop));
                    continue;
                }
                RgbImage regenerated = models.regenerator().orElseThrow()
                        .regenerate(crop, candidate.label(), Seeds.derive(seed, i));
                double cosine = models.similarity().orElseThrow().cosine(crop, regenerated);
                if (!(cosine >= config.similarityLow() && cosine <= config.similarityHigh())) {
                    emitter.countFailure(SIMILARITY_OUT_OF_BAND);
                    continue;
                }
                kept.add(candidate);
                similarities.add(cosine);
                references.add(ImageCodec.encodePng(regenerated));
            }
            if (kept.isEmpty()) {
                emitter.countFailure(NO_VERIFIED_REFERENCE);
                continue;
            }
            String setId = pair.pairId() + ExpandSet.SUFFIX;
            ExpandSet set = new ExpandSet(setId, pair.pairId(), pair.categoryId(), pair.category(), pair.subject(),
                    TargetCaption.of(pair.subject(), pair.scene()), config.reference().name().toLowerCase(Locale.ROOT),
                    references.size(), kept.stream().map(Candidate::label).toList(),
                    kept.stream().map(Candidate::box).toList(), kept.stream().map(Candidate::score).toList(),
                    similarities, seed, pair.targetPng(), pair.targetWidth(), pair.targetHeight(), references);
            write(ExpandSet.targetPath(setId), set.targetPng());
            for (int i = 0; i < references.size(); i++) {
                write(ExpandSet.referencePath(setId, i), references.get(i));
            }
            emitter.emit(set);
        }
    }

    private void write(String path, byte[] png) throws IOException {
        try (OutputStream out = images.create(path)) {
            out.write(png);
        }
    }
}
