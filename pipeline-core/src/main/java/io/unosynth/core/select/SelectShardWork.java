package io.unosynth.core.select;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.filter.FilterDecision;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.shard.ShardEmitter;
import io.unosynth.core.shard.ShardWork;
import java.util.Locale;
import java.util.Map;

/**
 * The select stage's work for one shard: each filter decision joined with the pair's verdict, if it was judged,
 * and the selection rule applied. A kept pair without a verdict counts as {@code missing_verdict}: the score stage
 * did not finish it, and it is not selected.
 */
public final class SelectShardWork implements ShardWork<SelectionRow> {
    private final Iterable<FilterDecision> decisions;
    private final Map<String, JudgeVerdict> verdicts;
    private final Selection selection;

    public SelectShardWork(Iterable<FilterDecision> decisions, Map<String, JudgeVerdict> verdicts,
            Selection selection) {
        this.decisions = requireNonNull(decisions, "decisions is null");
        this.verdicts = Map.copyOf(verdicts);
        this.selection = requireNonNull(selection, "selection is null");
    }

    @Override
    public void run(ShardEmitter<SelectionRow> emitter) {
        for (FilterDecision decision : decisions) {
            emitter.countInput(1);
            JudgeVerdict verdict = verdicts.get(decision.pairId());
            if (decision.kept() && verdict == null) {
                emitter.countFailure("missing_verdict");
            }
            boolean selected = decision.kept() && verdict != null && selection.selects(verdict);
            emitter.emit(new SelectionRow(decision.pairId(), decision.categoryId(), decision.category(),
                    decision.similarity(), decision.kept(),
                    verdict == null ? SelectionRow.NOT_JUDGED : verdict.status().name().toLowerCase(Locale.ROOT),
                    verdict == null ? null : verdict.finalScore(), selected));
        }
    }
}
