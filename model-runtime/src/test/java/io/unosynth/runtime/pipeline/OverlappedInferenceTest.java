package io.unosynth.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.runtime.pipeline.OverlappedInference.Settings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OverlappedInferenceTest {
    private static final long WAIT_SECONDS = 10;

    @Test
    void resultsComeBackInInputOrderThoughItemsFinishOutOfOrder() {
        List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        Set<String> inferenceThreads = ConcurrentHashMap.newKeySet();
        Set<String> preprocessThreads = ConcurrentHashMap.newKeySet();
        try (OverlappedInference<Integer, Integer, String> pipeline = new OverlappedInference<>(
                new Settings(3, 4, 3),
                item -> {
                    preprocessThreads.add(Thread.currentThread().getName());
                    Thread.sleep((item * 7L) % 5); // later items often finish first
                    return item * 10;
                },
                batch -> {
                    inferenceThreads.add(Thread.currentThread().getName());
                    batches.add(List.copyOf(batch));
                    return batch.stream().map(value -> "r" + value).toList();
                },
                item -> "item-" + item)) {
            List<Integer> inputs = IntStream.range(0, 50).boxed().toList();

            List<String> results = pipeline.apply(inputs);

            assertThat(results).containsExactlyElementsOf(inputs.stream().map(i -> "r" + i * 10).toList());
            assertThat(batches).hasSize(13).allSatisfy(batch -> assertThat(batch.size()).isBetween(2, 4));
            assertThat(batches).as("each batch is four consecutive inputs; the last holds the remaining two")
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 13)
                            .mapToObj(b -> IntStream.range(4 * b, Math.min(50, 4 * b + 4)).mapToObj(i -> i * 10)
                                    .toList())
                            .toList());
            assertThat(inferenceThreads).hasSize(1);
            assertThat(preprocessThreads).hasSizeBetween(2, 3).doesNotContainAnyElementsOf(inferenceThreads);
        }
    }

    @Test
    void twoInferenceThreadsRunTwoBatchesAtOnceAndKeepTheOrder() throws Exception {
        // Each batch waits until another batch is running too: with one inference thread this would never return.
        CountDownLatch twoRunning = new CountDownLatch(2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        try (OverlappedInference<Integer, Integer, Integer> pipeline = new OverlappedInference<>(
                new Settings(2, 3, 4, 2),
                item -> item,
                batch -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    twoRunning.countDown();
                    assertThat(twoRunning.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("a second batch ran").isTrue();
                    Thread.sleep(batch.get(0) % 2 == 0 ? 20 : 0); // later batches may finish first
                    running.decrementAndGet();
                    return batch.stream().map(value -> -value).toList();
                },
                String::valueOf)) {
            List<Integer> inputs = IntStream.range(0, 40).boxed().toList();

            List<Integer> results = pipeline.apply(inputs);

            assertThat(results).containsExactlyElementsOf(inputs.stream().map(i -> -i).toList());
            assertThat(mostAtOnce.get()).isEqualTo(2);
        }
        assertThatThrownBy(() -> new Settings(1, 8, 2, 0)).hasMessage("Invalid inference threads: 0");
    }

    @Test
    void readsAtMostTheWindowAheadAndPreparesWhileTheModelRuns() throws Exception {
        CountDownLatch modelMayReturn = new CountDownLatch(1);
        CountDownLatch modelStarted = new CountDownLatch(1);
        AtomicInteger prepared = new AtomicInteger();
        CountingInputs inputs = new CountingInputs();
        ExecutorService consumer = Executors.newSingleThreadExecutor();
        try (OverlappedInference<Integer, Integer, Integer> pipeline = new OverlappedInference<>(
                new Settings(2, 4, 3),
                item -> {
                    prepared.incrementAndGet();
                    return item;
                },
                batch -> {
                    modelStarted.countDown();
                    modelMayReturn.await();
                    return batch;
                },
                String::valueOf)) {
            OverlappedInference<Integer, Integer, Integer>.Results results = pipeline.map(inputs);
            Future<Integer> first = consumer.submit(results::next);

            assertThat(modelStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            awaitValue(prepared, 12);
            Thread.sleep(100); // room to overrun, if the window leaked
            assertThat(inputs.reads.get()).as("3 batches of 4 in flight, none more").isEqualTo(12);
            assertThat(prepared.get()).as("later batches were prepared while the first was in the model")
                    .isEqualTo(12);

            modelMayReturn.countDown();
            assertThat(first.get(WAIT_SECONDS, TimeUnit.SECONDS)).isZero();
            List<Integer> next = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                next.add(results.next());
            }
            assertThat(next).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
            results.close();
            int readsWhenClosed = inputs.reads.get();
            assertThat(readsWhenClosed).isLessThanOrEqualTo(4 * 3 + 12);
            assertThat(results.hasNext()).isFalse();
            assertThat(inputs.reads.get()).as("a closed stream reads nothing more").isEqualTo(readsWhenClosed);
        } finally {
            consumer.shutdownNow();
        }
    }

    @Test
    void aFailedItemIsNamedAndEarlierResultsAreDelivered() {
        try (OverlappedInference<String, String, String> pipeline = new OverlappedInference<>(
                new Settings(2, 2, 2),
                name -> {
                    if (name.equals("broken.png")) {
                        throw new PipelineException(PipelineErrorCode.INVALID_INPUT, "Cannot decode image: not a PNG");
                    }
                    return name.toUpperCase();
                },
                batch -> batch,
                name -> name)) {
            List<String> delivered = new ArrayList<>();
            Iterator<String> results = pipeline.map(List.of("a.png", "b.png", "c.png", "broken.png", "e.png")
                    .iterator());

            assertThatThrownBy(() -> results.forEachRemaining(delivered::add))
                    .isInstanceOfSatisfying(PipelineException.class,
                            e -> assertThat(e.code()).isEqualTo(PipelineErrorCode.INVALID_INPUT))
                    .hasMessage("Cannot preprocess input 'broken.png' (#3): Cannot decode image: not a PNG");
            assertThat(delivered).containsExactly("A.PNG", "B.PNG");

            assertThat(pipeline.apply(List.of("x.png", "y.png", "z.png")))
                    .as("the pipeline survives a failed stream").containsExactly("X.PNG", "Y.PNG", "Z.PNG");
        }
    }

    @Test
    void aFailedBatchNamesItsInputs() {
        try (OverlappedInference<String, String, String> pipeline = new OverlappedInference<>(
                new Settings(1, 3, 2),
                name -> name,
                batch -> {
                    if (batch.contains("e")) {
                        throw new IllegalStateException("engine said no");
                    }
                    return batch;
                },
                name -> name + ".png")) {
            assertThatThrownBy(() -> pipeline.apply(List.of("a", "b", "c", "d", "e")))
                    .isInstanceOfSatisfying(PipelineException.class,
                            e -> assertThat(e.code()).isEqualTo(PipelineErrorCode.INTERNAL))
                    .hasMessage("Cannot run batch #1 (inputs 'd.png', 'e.png'): engine said no");
        }
    }

    @Test
    void aWrongNumberOfResultsIsAnError() {
        try (OverlappedInference<Integer, Integer, Integer> pipeline = new OverlappedInference<>(
                new Settings(1, 2, 1), item -> item, batch -> batch.subList(0, 1), String::valueOf)) {
            assertThatThrownBy(() -> pipeline.apply(List.of(1, 2)))
                    .hasMessage("Cannot run batch #0 (inputs '1', '2'): Invalid batch result: 1 results for 2 inputs");
        }
    }

    @Test
    void closingFailsAWaitingStreamAndEndsEveryThread() throws Exception {
        CountDownLatch modelStarted = new CountDownLatch(1);
        OverlappedInference<Integer, Integer, Integer> pipeline = new OverlappedInference<>(
                new Settings(2, 2, 2),
                item -> item,
                batch -> {
                    modelStarted.countDown();
                    new CountDownLatch(1).await(); // a model call that only an interrupt ends
                    return batch;
                },
                String::valueOf);
        ExecutorService consumer = Executors.newSingleThreadExecutor();
        try {
            OverlappedInference<Integer, Integer, Integer>.Results results = pipeline.map(new CountingInputs());
            Future<Integer> waiting = consumer.submit(results::next);
            assertThat(modelStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

            pipeline.close();

            assertThatThrownBy(() -> waiting.get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(PipelineException.class)
                    .cause().hasMessage("Cannot continue the stream: the pipeline was closed");
            assertThat(pipeline.isTerminated()).isTrue();
            assertThatThrownBy(() -> pipeline.map(List.of(1).iterator()))
                    .hasMessage("Cannot start a stream: the pipeline is closed");
        } finally {
            consumer.shutdownNow();
        }
    }

    @Test
    void anEmptyStreamHasNoResults() {
        try (OverlappedInference<Integer, Integer, Integer> pipeline = new OverlappedInference<>(
                new Settings(1, 1, 1), item -> item, batch -> batch, String::valueOf)) {
            assertThat(pipeline.apply(List.of())).isEmpty();
        }
    }

    @Test
    void rejectsSettingsThatCannotWork() {
        assertThatThrownBy(() -> new Settings(0, 8, 2)).hasMessage("Invalid preprocess threads: 0");
        assertThatThrownBy(() -> new Settings(1, 0, 2)).hasMessage("Invalid batch size: 0");
        assertThatThrownBy(() -> new Settings(1, 8, 0)).hasMessage("Invalid queued batches: 0");
    }

    private static void awaitValue(AtomicInteger counter, int value) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (counter.get() < value && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(counter.get()).isEqualTo(value);
    }

    /** An endless input stream 0, 1, 2, ... that counts what was read. */
    private static final class CountingInputs implements Iterator<Integer> {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public Integer next() {
            return reads.getAndIncrement();
        }
    }
}
