package io.unosynth.core.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.shard.CollectingEmitter;
import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.GenerateConfig;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.image.DiptychSplit;
import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.RgbImage;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.plan.PlanRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class TestGenerateShardWork {
    private static final GenerateConfig CONFIG = GenerateConfig.from(ConfigValues.of(Map.of(
            "generate.width", "64", "generate.height", "32", "generate.batch-size", "2")));

    @Test
    void rendersInBatchesSplitsAndKeepsPlanOrder() {
        FakeRenderer renderer = new FakeRenderer(null);
        CollectingEmitter<PairRow> emitter = run(rows(5), List.of(), renderer);

        assertThat(renderer.batchSizes).containsExactly(2, 2, 1);
        assertThat(emitter.rows()).extracting(PairRow::pairId)
                .containsExactly("c0001-subj000-scn00", "c0001-subj001-scn00", "c0001-subj002-scn00",
                        "c0001-subj003-scn00", "c0001-subj004-scn00");
        PairRow first = emitter.rows().get(0);
        RgbImage reference = ImageCodec.decode(first.referencePng(), "ref");
        RgbImage target = ImageCodec.decode(first.targetPng(), "tgt");
        assertThat(reference).extracting(RgbImage::width, RgbImage::height).containsExactly(32, 32);
        assertThat(reference.get(0, 0, 0)).as("left half").isEqualTo(10);
        assertThat(target.get(0, 0, 0)).as("right half").isEqualTo(200);
        assertThat(first.models()).isEqualTo("fake=sha256:00");
        assertThat(first.steps()).isEqualTo(25);
        assertThat(first.schedule()).isEqualTo("flux");
        assertThat(emitter.models()).containsExactly("fake=sha256:00");
        assertThat(emitter.inputs()).isEqualTo(5);
    }

    @Test
    void aRowTheModelRejectsIsIsolatedAndCountedAndUnreadableRowsAreCounted() {
        CollectingEmitter<PairRow> emitter = run(rows(4), List.of("corrupt_plan_row"),
                new FakeRenderer("c0001-subj002-scn00"));

        assertThat(emitter.rows()).extracting(PairRow::pairId)
                .containsExactly("c0001-subj000-scn00", "c0001-subj001-scn00", "c0001-subj003-scn00");
        assertThat(emitter.failures()).isEqualTo(Map.of("render_rejected_invalid_input", 1, "corrupt_plan_row", 1));
        assertThat(emitter.inputs()).isEqualTo(5);
    }

    @Test
    void otherFailuresFailTheShard() {
        DiptychRenderer broken = new FakeRenderer(null) {
            @Override
            public List<RgbImage> render(List<RenderRequest> batch) {
                throw new PipelineException(PipelineErrorCode.GPU_OUT_OF_MEMORY, "Cannot render: out of memory");
            }
        };
        assertThatThrownBy(() -> run(rows(2), List.of(), broken)).hasMessageContaining("out of memory");
    }

    @Test
    void aModelThatRejectsEveryRowAlikeFailsTheShardInsteadOfCountingRejections() {
        DiptychRenderer wrongSize = new FakeRenderer(null) {
            @Override
            public List<RgbImage> render(List<RenderRequest> batch) {
                throw new PipelineException(PipelineErrorCode.INVALID_INPUT,
                        "Invalid model input 'latents': expected 64x64, found 32x32");
            }
        };
        assertThatThrownBy(() -> run(rows(3), List.of(), wrongSize))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("rejected every row of a batch of 2 alike")
                .hasMessageContaining("expected 64x64");

        DiptychRenderer unavailable = new FakeRenderer(null) {
            @Override
            public List<RgbImage> render(List<RenderRequest> batch) {
                throw new PipelineException(PipelineErrorCode.MODEL_UNAVAILABLE, "Cannot load model 'flux'");
            }
        };
        assertThatThrownBy(() -> run(rows(1), List.of(), unavailable)).hasMessageContaining("Cannot load model");
    }

    @Test
    void diptychSplitDropsTheMarginOnEverySide() {
        RgbImage diptych = new FakeRenderer(null).render(List.of(new RenderRequest("p", 1, 64, 32))).get(0);

        DiptychSplit.Halves halves = new DiptychSplit(4).split(diptych);

        assertThat(halves.reference()).extracting(RgbImage::width, RgbImage::height).containsExactly(24, 24);
        assertThat(halves.target().get(0, 0, 0)).isEqualTo(200);
        assertThat(halves.reference().get(23, 23, 0)).isEqualTo(10);
    }

    private static CollectingEmitter<PairRow> run(List<PlanRow> rows, List<String> rejected, DiptychRenderer renderer) {
        CollectingEmitter<PairRow> emitter = new CollectingEmitter<>();
        ExecutorService encoder = Executors.newSingleThreadExecutor();
        try {
            new GenerateShardWork(new GenerateShardInput(rows, rejected), CONFIG, renderer, encoder).run(emitter);
        } finally {
            encoder.shutdownNow();
        }
        return emitter;
    }

    private static List<PlanRow> rows(int count) {
        List<PlanRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new PlanRow(PlanRow.planId(1, i, 0), 1, "Person", i, "subject " + i, 0, "scene", "prompt " + i,
                    100 + i, "template-v1"));
        }
        return rows;
    }

    /** Left half red level 10, right half 200; throws INVALID_INPUT for the prompt of {@code rejectedPlanId}. */
    static class FakeRenderer implements DiptychRenderer {
        final List<Integer> batchSizes = new ArrayList<>();
        private final String rejectedPrompt;

        FakeRenderer(String rejectedPlanId) {
            this.rejectedPrompt = rejectedPlanId == null ? null
                    : "prompt " + Integer.parseInt(rejectedPlanId.substring(10, 13));
        }

        @Override
        public String modelIds() {
            return "fake=sha256:00";
        }

        @Override
        public List<RgbImage> render(List<RenderRequest> batch) {
            batchSizes.add(batch.size());
            List<RgbImage> images = new ArrayList<>();
            for (RenderRequest request : batch) {
                if (request.prompt().equals(rejectedPrompt)) {
                    throw new PipelineException(PipelineErrorCode.INVALID_INPUT, "Invalid prompt: " + request.prompt());
                }
                byte[] pixels = new byte[request.width() * request.height() * 3];
                for (int y = 0; y < request.height(); y++) {
                    for (int x = 0; x < request.width(); x++) {
                        pixels[(y * request.width() + x) * 3] = (byte) (x < request.width() / 2 ? 10 : 200);
                    }
                }
                images.add(new RgbImage(request.width(), request.height(), pixels));
            }
            return images;
        }
    }
}
