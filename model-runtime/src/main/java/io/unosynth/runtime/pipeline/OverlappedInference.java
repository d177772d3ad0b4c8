package io.unosynth.runtime.pipeline;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.error.Preconditions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs a model over a stream of inputs with the CPU work overlapped: {@code preprocessThreads} workers prepare items
 * (decode, resize, normalise) while the inference thread (or threads) runs whole batches through the model, so the
 * model never waits for a decode it could have had earlier. Results come back in input order.
 *
 * <p>Memory is bounded: a stream reads at most {@code queuedBatches * batchSize} inputs ahead of the batch the caller
 * is consuming; an input is read from the caller's iterator only when its batch gets a place in that window. Input
 * iterators are read on the caller's thread only, so a Spark partition iterator is fine.
 *
 * <p>A failure of one item fails the stream at that item's place in the order, with the item named; results before
 * it are delivered. (A stage that should survive bad items makes its {@link Preprocessor} return a failure value.)
 * {@link #close()} stops the threads; a stream still waiting then fails with "pipeline closed".
 *
 * @param <I> an input item, e.g. encoded image bytes
 * @param <P> a prepared item, e.g. {@code [3, 224, 224]} pixel planes
 * @param <R> one result per input, e.g. an embedding
 */
public final class OverlappedInference<I, P, R> implements AutoCloseable {
    /** The CPU stage, run on the preprocessing threads; must be thread-safe. */
    @FunctionalInterface
    public interface Preprocessor<I, P> {
        P prepare(I input) throws Exception;
    }

    /**
     * The model stage, run on the inference threads: one result per prepared item, in the batch's order. Must be
     * thread-safe when {@link Settings#inferenceThreads()} is above 1.
     */
    @FunctionalInterface
    public interface BatchRunner<P, R> {
        List<R> run(List<P> batch) throws Exception;
    }

    /**
     * @param preprocessThreads workers preparing items
     * @param batchSize items per model call (the last batch of a stream may be smaller)
     * @param queuedBatches batches in flight per stream (being prepared, ready, or running); 2 is the least that
     *     overlaps preparing one batch with running another
     * @param inferenceThreads model calls at once: 1 for a GPU or an engine given every core; on CPU with one
     *     intra-op thread, one per core runs whole batches side by side instead of splitting each across cores
     */
    public record Settings(int preprocessThreads, int batchSize, int queuedBatches, int inferenceThreads) {
        public Settings {
            Preconditions.checkArgument(preprocessThreads > 0, "Invalid preprocess threads: %s", preprocessThreads);
            Preconditions.checkArgument(batchSize > 0, "Invalid batch size: %s", batchSize);
            Preconditions.checkArgument(queuedBatches > 0, "Invalid queued batches: %s", queuedBatches);
            Preconditions.checkArgument(inferenceThreads > 0, "Invalid inference threads: %s", inferenceThreads);
        }

        /** One inference thread. */
        public Settings(int preprocessThreads, int batchSize, int queuedBatches) {
            this(preprocessThreads, batchSize, queuedBatches, 1);
        }
    }

    private static final AtomicInteger PIPELINES = new AtomicInteger();

    private final Settings settings;
    private final Preprocessor<? super I, ? extends P> preprocessor;
    private final BatchRunner<P, R> runner;
    private final Function<? super I, String> namer;
    private final ExecutorService preprocessing;
    private final ExecutorService inference;
    private final Set<Results> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param namer names an input in error messages (a file name, a row key)
     */
    public OverlappedInference(Settings settings, Preprocessor<? super I, ? extends P> preprocessor,
            BatchRunner<P, R> runner, Function<? super I, String> namer) {
        this.settings = requireNonNull(settings, "settings is null");
        this.preprocessor = requireNonNull(preprocessor, "preprocessor is null");
        this.runner = requireNonNull(runner, "runner is null");
        this.namer = requireNonNull(namer, "namer is null");
        int id = PIPELINES.incrementAndGet();
        this.preprocessing = Executors.newFixedThreadPool(settings.preprocessThreads(),
                threads("overlapped-" + id + "-preprocess-"));
        this.inference = Executors.newFixedThreadPool(settings.inferenceThreads(),
                threads("overlapped-" + id + "-inference-"));
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Streams {@code inputs} through the pipeline. Close the returned results (try-with-resources) if you stop before
     * the end, so no more inputs are read and queued work is dropped.
     */
    public Results map(Iterator<? extends I> inputs) {
        requireNonNull(inputs, "inputs is null");
        Preconditions.checkState(!closed, "Cannot start a stream: the pipeline is closed");
        Results results = new Results(inputs);
        open.add(results);
        return results;
    }

    /** All results of {@code inputs}, in order. */
    public List<R> apply(List<? extends I> inputs) {
        List<R> out = new ArrayList<>(inputs.size());
        try (Results results = map(inputs.iterator())) {
            results.forEachRemaining(out::add);
        }
        return out;
    }

    /** True once {@link #close()} has run and every thread has ended. */
    public boolean isTerminated() {
        return preprocessing.isTerminated() && inference.isTerminated();
    }

    /**
     * Stops both thread pools, interrupting work under way, and fails every open stream. Waits up to a minute for a
     * model call under way to return (engines do not stop mid-call).
     */
    @Override
    public void close() {
        closed = true;
        for (Results results : List.copyOf(open)) {
            results.cancel(new PipelineException(PipelineErrorCode.INTERNAL,
                    "Cannot continue the stream: the pipeline was closed"));
        }
        preprocessing.shutdownNow();
        inference.shutdownNow();
        try {
            preprocessing.awaitTermination(1, TimeUnit.MINUTES);
            inference.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The results of one stream, in input order. Not thread-safe: one consumer. */
    public final class Results implements Iterator<R>, AutoCloseable {
        private final Iterator<? extends I> inputs;
        // Concurrent: the pipeline's close() cancels it from another thread.
        private final Deque<Batch> window = new ConcurrentLinkedDeque<>();
        private Iterator<R> current = Collections.emptyIterator();
        private long nextIndex;
        private int nextBatch;
        private volatile PipelineException cancelled;

        private Results(Iterator<? extends I> inputs) {
            this.inputs = inputs;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext()) {
                fill();
                Batch head = window.peek(); // stays in the window while awaited, so a cancel reaches it
                if (head == null) {
                    close();
                    return false;
                }
                current = await(head).iterator();
                window.poll();
            }
            return true;
        }

        @Override
        public R next() {
            if (!hasNext()) {
                throw new NoSuchElementException("No more results");
            }
            return current.next();
        }

        /** Stops reading inputs and drops this stream's queued work; the pipeline stays usable. */
        @Override
        public void close() {
            current = Collections.emptyIterator();
            cancel(new PipelineException(PipelineErrorCode.INTERNAL, "Cannot continue the stream: it was closed"));
            window.clear();
        }

        private void cancel(PipelineException reason) {
            if (cancelled == null) {
                cancelled = reason;
            }
            for (Batch batch : window) {
                batch.cancel(cancelled);
            }
            open.remove(this);
        }

        /** Reads inputs until the window holds {@code queuedBatches} batches or the inputs end. */
        private void fill() {
            while (cancelled == null && window.size() < settings.queuedBatches() && inputs.hasNext()) {
                List<Item> items = new ArrayList<>(settings.batchSize());
                while (items.size() < settings.batchSize() && inputs.hasNext()) {
                    I input = inputs.next();
                    items.add(new Item(nextIndex++, namer.apply(input), input));
                }
                Batch batch = new Batch(nextBatch++, items);
                window.add(batch);
                batch.start(this);
            }
        }

        private List<R> await(Batch batch) {
            try {
                return batch.result.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                PipelineException failure = new PipelineException(PipelineErrorCode.INTERNAL,
                        "Cannot wait for batch #" + batch.number + ": interrupted", e);
                cancel(failure);
                throw failure;
            } catch (ExecutionException e) {
                PipelineException failure = e.getCause() instanceof PipelineException pipeline ? pipeline
                        : new PipelineException(PipelineErrorCode.INTERNAL, "Cannot run batch #" + batch.number + ": "
                                + e.getCause(), e.getCause());
                cancel(failure);
                throw failure;
            }
        }

        private boolean isCancelled() {
            return cancelled != null;
        }
    }

    /** One input on its way: where it is in the stream, its name for errors, and its preparation. */
    private final class Item {
        final long index;
        final String name;
        final CompletableFuture<P> prepared = new CompletableFuture<>();
        I input;

        Item(long index, String name, I input) {
            this.index = index;
            this.name = name;
            this.input = input;
        }

        void prepare(Results stream) {
            if (stream.isCancelled() || prepared.isDone()) {
                return;
            }
            try {
                prepared.complete(preprocessor.prepare(input));
            } catch (Exception | Error e) {
                PipelineErrorCode code = e instanceof PipelineException pipeline ? pipeline.code()
                        : PipelineErrorCode.INTERNAL;
                prepared.completeExceptionally(new PipelineException(code,
                        "Cannot preprocess input '" + name + "' (#" + index + "): " + message(e), e));
            } finally {
                input = null; // the encoded bytes are no longer needed once prepared
            }
        }
    }

    /** Consecutive items that go to the model together. */
    private final class Batch {
        final int number;
        final List<Item> items;
        final CompletableFuture<List<R>> result = new CompletableFuture<>();

        Batch(int number, List<Item> items) {
            this.number = number;
            this.items = items;
        }

        void start(Results stream) {
            CompletableFuture<?>[] prepared = new CompletableFuture<?>[items.size()];
            for (int i = 0; i < prepared.length; i++) {
                Item item = items.get(i);
                prepared[i] = item.prepared;
                submit(preprocessing, () -> item.prepare(stream));
            }
            CompletableFuture.allOf(prepared).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(firstFailure());
                } else {
                    submit(inference, () -> run(stream));
                }
            });
        }

        private void run(Results stream) {
            if (stream.isCancelled() || result.isDone()) {
                return;
            }
            List<P> batch = new ArrayList<>(items.size());
            for (Item item : items) {
                batch.add(item.prepared.join());
            }
            try {
                List<R> outputs = runner.run(batch);
                Preconditions.checkState(outputs.size() == batch.size(),
                        "Invalid batch result: %s results for %s inputs", outputs.size(), batch.size());
                result.complete(outputs);
            } catch (Exception | Error e) {
                PipelineErrorCode code = e instanceof PipelineException pipeline ? pipeline.code()
                        : PipelineErrorCode.INTERNAL;
                result.completeExceptionally(new PipelineException(code, "Cannot run batch #" + number + " (inputs "
                        + names() + "): " + message(e), e));
            }
        }

        /** The failure of the earliest failed item, so the error does not depend on thread timing. */
        private Throwable firstFailure() {
            for (Item item : items) {
                if (item.prepared.isCompletedExceptionally()) {
                    try {
                        item.prepared.join();
                    } catch (RuntimeException e) {
                        return e.getCause() != null ? e.getCause() : e;
                    }
                }
            }
            return new IllegalStateException("batch #" + number + " failed without a failed item");
        }

        private String names() {
            List<String> names = new ArrayList<>(items.size());
            for (Item item : items) {
                names.add("'" + item.name + "'");
            }
            return String.join(", ", names);
        }

        void cancel(PipelineException reason) {
            for (Item item : items) {
                item.prepared.completeExceptionally(reason);
            }
            result.completeExceptionally(reason);
        }

        private void submit(ExecutorService executor, Runnable task) {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                cancel(new PipelineException(PipelineErrorCode.INTERNAL,
                        "Cannot continue the stream: the pipeline was closed", e));
            }
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true); // an unclosed pipeline must not keep an executor JVM alive
            return thread;
        };
    }
}
