package io.unosynth.core.generate;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.GenerateConfig;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.image.DiptychSplit;
import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.RgbImage;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.plan.PlanRow;
import io.unosynth.core.shard.ShardEmitter;
import io.unosynth.core.shard.ShardWork;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The generate stage's work for one shard: plan rows are rendered as diptychs in fixed-order batches, cut into
 * (reference, target) halves and PNG-encoded. Encoding of one batch runs on {@code encoder} while the next batch
 * renders, so the model is not kept waiting. A request the model rejects as invalid input is isolated and counted;
 * any other failure fails the shard (the engine retries it).
 */
public final class GenerateShardWork implements ShardWork<PairRow> {
    private final GenerateShardInput input;
    private final GenerateConfig config;
    private final DiptychRenderer renderer;
    private final Executor encoder;

    public GenerateShardWork(GenerateShardInput input, GenerateConfig config, DiptychRenderer renderer,
            Executor encoder) {
        this.input = requireNonNull(input, "input is null");
        this.config = requireNonNull(config, "config is null");
        this.renderer = requireNonNull(renderer, "renderer is null");
        this.encoder = requireNonNull(encoder, "encoder is null");
    }

    @Override
    public void run(ShardEmitter<PairRow> emitter) {
        emitter.countInput(input.rows().size() + input.rejectedRows().size());
        input.rejectedRows().forEach(emitter::countFailure);
        emitter.useModel(renderer.modelIds());
        DiptychSplit split = new DiptychSplit(config.splitMargin());
        Deque<CompletableFuture<List<PairRow>>> pending = new ArrayDeque<>();
        List<PlanRow> rows = input.rows();
        for (int start = 0; start < rows.size(); start += config.batchSize()) {
            List<PlanRow> batch = rows.subList(start, Math.min(rows.size(), start + config.batchSize()));
            List<RgbImage> diptychs = render(batch, emitter);
            pending.add(CompletableFuture.supplyAsync(() -> pairs(batch, diptychs, split), encoder));
            // Keep one batch encoding while the next renders; emit in order.
            while (pending.size() > 1) {
                pending.removeFirst().join().forEach(emitter::emit);
            }
        }
        while (!pending.isEmpty()) {
            pending.removeFirst().join().forEach(emitter::emit);
        }
    }

    /**
     * Renders a batch; a rejected batch is retried row by row so one bad row costs only itself. Null = lost. A
     * model that is unavailable or misconfigured, or that rejects every row of a batch alike, is not a row's fault:
     * it fails the shard (and the stage) instead of committing it with rows counted as rejected.
     */
    private List<RgbImage> render(List<PlanRow> batch, ShardEmitter<PairRow> emitter) {
        try {
            return renderer.render(batch.stream().map(this::request).toList());
        } catch (PipelineException e) {
            if (!rowSpecific(e)) {
                throw e;
            }
        }
        List<RgbImage> images = new ArrayList<>(batch.size());
        List<PipelineException> rejections = new ArrayList<>();
        for (PlanRow row : batch) {
            try {
                images.add(renderer.render(List.of(request(row))).get(0));
            } catch (PipelineException e) {
                if (!rowSpecific(e)) {
                    throw e;
                }
                rejections.add(e);
                images.add(null);
            }
        }
        if (batch.size() > 1 && rejections.size() == batch.size()
                && rejections.stream().map(PipelineException::code).distinct().count() == 1) {
            PipelineException first = rejections.get(0);
            throw new PipelineException(first.code(), "Cannot render: the model rejected every row of a batch of "
                    + batch.size() + " alike, a model or configuration error rather than bad rows: "
                    + first.getMessage(), first);
        }
        rejections.forEach(e -> emitter.countFailure("render_rejected_" + e.code().name().toLowerCase(Locale.ROOT)));
        return images;
    }

    private static boolean rowSpecific(PipelineException e) {
        return e.code() == PipelineErrorCode.INVALID_INPUT;
    }

    private RenderRequest request(PlanRow row) {
        return new RenderRequest(row.prompt(), row.seed(), config.width(), config.height());
    }

    private List<PairRow> pairs(List<PlanRow> batch, List<RgbImage> diptychs, DiptychSplit split) {
        List<PairRow> pairs = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            RgbImage diptych = diptychs.get(i);
            if (diptych == null) {
                continue;
            }
            PlanRow row = batch.get(i);
            DiptychSplit.Halves halves = split.split(diptych);
            pairs.add(new PairRow(row.planId(), row.planId(), row.categoryId(), row.categoryName(), row.subject(),
                    row.scene(), row.prompt(), row.seed(), config.steps(), config.guidance(),
                    config.schedule().name().toLowerCase(Locale.ROOT).replace('_', '-'), renderer.modelIds(),
                    ImageCodec.encodePng(halves.reference()), halves.reference().width(), halves.reference().height(),
                    ImageCodec.encodePng(halves.target()), halves.target().width(), halves.target().height()));
        }
        return pairs;
    }
}
