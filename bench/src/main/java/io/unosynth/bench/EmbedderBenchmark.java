package io.unosynth.bench;

import com.sun.management.OperatingSystemMXBean;
import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.contracts.dino.DinoEmbedder;
import io.unosynth.runtime.pipeline.EncodedImage;
import io.unosynth.runtime.spi.Tensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Images per second of the DINOv2-contract embedder over the same {@link BenchImages#COUNT} PNGs, three ways:
 * (a) the bare {@code session.run} loop on pre-built {@code pixel_values} tensors; (b) PNG bytes to L2-normalised
 * embeddings through the contract, sequentially (decode, preprocess, run, one batch after another); (b') the same
 * through {@code OverlappedInference}.
 *
 * <p>The shared machine's load drifts by several times within minutes, so three separate benchmarks run minutes
 * apart give meaningless ratios. Each invocation here runs all three paths back to back, in an order that rotates
 * every invocation, and adds each path's wall time to its own counter; the ratios come from those sums (see
 * {@link BenchReport}). The primary score (all three paths together) is only a by-product.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 6, time = 8) // 6: each path takes each place in the rotation twice
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class EmbedderBenchmark {
    /**
     * Wall and process-CPU nanoseconds spent in each path; equal image counts, so a ratio of times is a ratio of
     * images/s. CPU time (every thread of the JVM, ONNX Runtime's included) hardly depends on the neighbours' load,
     * so it shows what each path costs even when the wall times are noise.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class PathNanos {
        private static final OperatingSystemMXBean SYSTEM =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        public long bareNanos;
        public long sequentialNanos;
        public long overlappedNanos;
        public long bareCpuNanos;
        public long sequentialCpuNanos;
        public long overlappedCpuNanos;
        public long imagesPerPath;
        int invocation;

        @Setup(Level.Iteration)
        public void reset() {
            bareNanos = 0;
            sequentialNanos = 0;
            overlappedNanos = 0;
            bareCpuNanos = 0;
            sequentialCpuNanos = 0;
            overlappedCpuNanos = 0;
            imagesPerPath = 0;
        }

        static long cpuNanos() {
            return SYSTEM.getProcessCpuTime();
        }
    }

    @Benchmark
    @OperationsPerInvocation(3 * BenchImages.COUNT)
    public void interleaved(ModelState state, PipelineState pipeline, PathNanos nanos, Blackhole sink) {
        int first = nanos.invocation++ % 3;
        for (int k = 0; k < 3; k++) {
            long start = System.nanoTime();
            long cpu = PathNanos.cpuNanos();
            switch ((first + k) % 3) {
                case 0 -> {
                    bare(state, sink);
                    nanos.bareNanos += System.nanoTime() - start;
                    nanos.bareCpuNanos += PathNanos.cpuNanos() - cpu;
                }
                case 1 -> {
                    sequential(state, sink);
                    nanos.sequentialNanos += System.nanoTime() - start;
                    nanos.sequentialCpuNanos += PathNanos.cpuNanos() - cpu;
                }
                default -> {
                    sink.consume(pipeline.pipeline.apply(state.images));
                    nanos.overlappedNanos += System.nanoTime() - start;
                    nanos.overlappedCpuNanos += PathNanos.cpuNanos() - cpu;
                }
            }
        }
        nanos.imagesPerPath += BenchImages.COUNT;
    }

    /** (a): the model alone. */
    static void bare(ModelState state, Blackhole sink) {
        for (Tensor pixels : state.tensors) {
            sink.consume(state.session().run(Map.of(DinoEmbedder.PIXEL_VALUES, pixels)));
        }
    }

    /** (b) without overlap: decode a batch, then the contract preprocesses, runs and normalises it. */
    static void sequential(ModelState state, Blackhole sink) {
        List<EncodedImage> images = state.images;
        for (int start = 0; start < images.size(); start += state.batch) {
            List<RgbImage> decoded = new ArrayList<>(state.batch);
            for (EncodedImage image : images.subList(start, Math.min(images.size(), start + state.batch))) {
                decoded.add(ImageCodec.decode(image.bytes(), image.name()));
            }
            sink.consume(state.embedder.embed(decoded));
        }
    }
}
