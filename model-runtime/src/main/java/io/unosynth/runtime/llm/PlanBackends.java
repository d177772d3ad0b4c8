package io.unosynth.runtime.llm;

import io.unosynth.core.config.PlanConfig;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.plan.PlanBackend;
import io.unosynth.core.plan.TemplatePlanBackend;

/** Chooses the plan backend named by {@code plan.backend}, so a job needs only the config. */
public final class PlanBackends {
    private PlanBackends() {}

    /** The backend for {@code config}; the caller closes it (an LLM backend releases its shared client). */
    public static PlanBackend create(UnosynthConfig config) {
        PlanConfig plan = config.plan();
        return switch (plan.backend()) {
            case TEMPLATE -> new TemplatePlanBackend(plan.dedupSimilarity());
            case LLM -> LlmPlanBackend.open(config.llm(), plan);
        };
    }

    /**
     * Threads worth giving one plan task for scene requests: the endpoint's bound on requests in flight for a
     * remote backend (more would only queue), one for the local one.
     */
    public static int sceneParallelism(UnosynthConfig config) {
        return switch (config.plan().backend()) {
            case TEMPLATE -> 1;
            case LLM -> config.llm().maxConcurrentRequests();
        };
    }
}
