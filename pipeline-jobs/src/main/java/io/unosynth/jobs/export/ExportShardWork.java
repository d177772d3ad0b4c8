package io.unosynth.jobs.export;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.export.ExportImages;
import io.unosynth.core.export.ExportPair;
import io.unosynth.core.export.ExportSink;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.select.SelectionRow;
import io.unosynth.core.shard.ShardEmitter;
import io.unosynth.core.shard.ShardWork;
import io.unosynth.jobs.generate.PairRowColumns;
import io.unosynth.jobs.parquet.ParquetShardReader;
import io.unosynth.jobs.score.JudgeVerdictColumns;
import io.unosynth.jobs.select.SelectionRowColumns;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;

/**
 * One export shard: the selected pairs of its select shard, in the generate shard's order, each with its verdict;
 * writes both images through the sink, then emits the pair's row. A selected pair whose images or verdict cannot be
 * found fails the shard (the select table promises they exist; exporting fewer pairs would silently lose data).
 */
final class ExportShardWork implements ShardWork<ExportRow> {
    private final ExportShardInput input;
    private final Configuration hadoop;
    private final ExportSink images;

    ExportShardWork(ExportShardInput input, Configuration hadoop, ExportSink images) {
        this.input = requireNonNull(input, "input is null");
        this.hadoop = requireNonNull(hadoop, "hadoop is null");
        this.images = requireNonNull(images, "images is null");
    }

    @Override
    public void run(ShardEmitter<ExportRow> emitter) throws Exception {
        Set<String> selected = new TreeSet<>();
        try (ParquetShardReader<SelectionRow> rows = ParquetShardReader.open(input.selectionFile(), hadoop,
                SelectionRowColumns::fromGroup)) {
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
        Map<String, JudgeVerdict> verdicts = verdicts(selected);
        Set<String> missing = new TreeSet<>(selected);
        try (ParquetShardReader<PairRow> pairs = ParquetShardReader.open(input.pairsFile(), hadoop,
                PairRowColumns::fromGroup)) {
            for (PairRow pair : pairs) {
                if (!missing.remove(pair.pairId())) {
                    continue;
                }
                JudgeVerdict verdict = verdicts.get(pair.pairId());
                if (verdict == null) {
                    throw new PipelineException(PipelineErrorCode.SHARD_CORRUPT, "Cannot export pair "
                            + pair.pairId() + ": it is selected but has no verdict in "
                            + input.verdicts().orElse("the score stage (no shard)"));
                }
                ExportPair export = new ExportPair(pair, verdict);
                ExportImages.write(export, images);
                emitter.emit(ExportRow.of(export));
            }
        }
        if (!missing.isEmpty()) {
            throw new PipelineException(PipelineErrorCode.SHARD_CORRUPT, "Cannot export pairs " + missing
                    + ": they are selected in " + input.selectionFile() + " but missing from " + input.pairsFile());
        }
    }

    private Map<String, JudgeVerdict> verdicts(Set<String> selected) {
        Map<String, JudgeVerdict> verdicts = new HashMap<>();
        input.verdicts().ifPresent(file -> {
            try (ParquetShardReader<JudgeVerdict> rows = ParquetShardReader.open(file, hadoop,
                    JudgeVerdictColumns::fromGroup)) {
                for (JudgeVerdict verdict : rows) {
                    if (selected.contains(verdict.pairId())) {
                        verdicts.put(verdict.pairId(), verdict);
                    }
                }
            }
        });
        return verdicts;
    }
}
