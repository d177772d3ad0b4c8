package io.unosynth.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link EmbedderBenchmark} and {@link PreprocessBenchmark} in one JVM session and prints the results as a
 * Markdown table with the ratio b/a (PNG bytes to embeddings over the bare model loop). JMH options given on the
 * command line (e.g. {@code -p intraOpThreads=1,2}) override the benchmarks' defaults.
 */
public final class BenchReport {
    private BenchReport() {}

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions given = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(given);
        if (given.getIncludes().isEmpty()) {
            options.include(EmbedderBenchmark.class.getSimpleName()).include(PreprocessBenchmark.class.getSimpleName());
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println();
        System.out.println(table(results));
    }

    static String table(Collection<RunResult> results) {
        StringBuilder embedder = new StringBuilder("| model | batch | intra-op | preprocess threads | queued batches "
                + "| (a) session.run img/s | (b) sequential img/s | b/a | (b) overlapped img/s | b/a "
                + "| CPU ms/img a / b seq / b overlapped |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        StringBuilder preprocessing = new StringBuilder("| 1024x1024 PNG, one thread | ms/image |\n|---|---|\n");
        for (RunResult result : results) {
            String method = method(result);
            var params = result.getParams();
            if (!method.equals("interleaved")) {
                double error = result.getPrimaryResult().getScoreError();
                preprocessing.append(String.format(Locale.ROOT, "| %s | %.1f ± %.1f |%n", method,
                        result.getPrimaryResult().getScore(), Double.isNaN(error) ? 0 : error));
                continue;
            }
            Map<String, Result> counters = result.getSecondaryResults();
            double images = counters.get("imagesPerPath").getScore();
            double bare = perSecond(images, counters.get("bareNanos"));
            double sequential = perSecond(images, counters.get("sequentialNanos"));
            double overlapped = perSecond(images, counters.get("overlappedNanos"));
            embedder.append(String.format(Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %.1f | %.1f | %.2f | %.1f | %.2f | %.1f / %.1f / %.1f |%n",
                    params.getParam("model"), params.getParam("batch"), params.getParam("intraOpThreads"),
                    params.getParam("preprocessThreads"), params.getParam("queuedBatches"), bare, sequential,
                    sequential / bare, overlapped, overlapped / bare, cpuMillis(images, counters.get("bareCpuNanos")),
                    cpuMillis(images, counters.get("sequentialCpuNanos")),
                    cpuMillis(images, counters.get("overlappedCpuNanos"))));
        }
        return embedder + "\n" + preprocessing;
    }

    /** Images per second from an image count and a nanosecond sum over the same iterations. */
    private static double perSecond(double images, Result nanos) {
        return images / (nanos.getScore() / 1e9);
    }

    private static double cpuMillis(double images, Result nanos) {
        return nanos.getScore() / 1e6 / images;
    }

    private static String method(RunResult result) {
        String benchmark = result.getParams().getBenchmark();
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }
}
