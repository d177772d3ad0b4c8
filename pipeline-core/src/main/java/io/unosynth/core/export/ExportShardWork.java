package io.unosynth.core.export;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.select.SelectionRow;
import io.unosynth.core.shard.RowSource;
import io.unosynth.core.shard.ShardEmitter;
import io.unosynth.core.shard.ShardWork;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * One export shard: the selected pairs of its select shard, in the generate shard's order, each with its verdict;
 * writes both images through the sink, then emits the pair's row. A selected pair whose images or verdict cannot be
 * found fails the shard (the select table promises they exist; exporting fewer pairs would silently lose data).
 * Each source is opened when needed and closed after one pass.
 */
public final class ExportShardWork implements ShardWork<ExportRow> {
    /** Where a shard's rows come from, with names for messages. */
    public record Sources(Supplier<RowSource<SelectionRow>> selection, String selectionName,
            Supplier<RowSource<PairRow>> pairs, String pairsName,
            Supplier<RowSource<JudgeVerdict>> verdicts, String verdictsName) {
        public Sources {
            requireNonNull(selection, "selection is null");
            requireNonNull(pairs, "pairs is null");
            requireNonNull(verdicts, "verdicts is null");
        }
    }

    private final Sources sources;
    private final ExportSink images;

    public ExportShardWork(Sources sources, ExportSink images) {
        this.sources = requireNonNull(sources, "sources is null");
        this.images = requireNonNull(images, "images is null");
    }

    @Override
    public void run(ShardEmitter<ExportRow> emitter) throws Exception {
        Set<String> selected = new TreeSet<>();
        try (RowSource<SelectionRow> rows = sources.selection().get()) {
            for (SelectionRow row : rows) {
                emitter.countInput(1);
                if (row.selected()) {
                    selected.add(row.pairId());
                }
            }
        }
        if (selected.isEmpty()) {
            return;
        }
        Map<String, JudgeVerdict> verdicts = new HashMap<>();
        try (RowSource<JudgeVerdict> rows = sources.verdicts().get()) {
            for (JudgeVerdict verdict : rows) {
                if (selected.contains(verdict.pairId())) {
                    verdicts.put(verdict.pairId(), verdict);
                }
            }
        }
        Set<String> missing = new TreeSet<>(selected);
        try (RowSource<PairRow> pairs = sources.pairs().get()) {
            for (PairRow pair : pairs) {
                if (!missing.remove(pair.pairId())) {
                    continue;
                }
                JudgeVerdict verdict = verdicts.get(pair.pairId());
                if (verdict == null) {
                    throw new PipelineException(PipelineErrorCode.SHARD_CORRUPT, "Cannot export pair "
                            + pair.pairId() + ": it is selected but has no verdict in " + sources.verdictsName());
                }
                ExportPair export = new ExportPair(pair, verdict);
                ExportImages.write(export, images);
                emitter.emit(ExportRow.of(export));
            }
        }
        if (!missing.isEmpty()) {
            throw new PipelineException(PipelineErrorCode.SHARD_CORRUPT, "Cannot export pairs " + missing
                    + ": they are selected in " + sources.selectionName() + " but missing from "
                    + sources.pairsName());
        }
    }
}
