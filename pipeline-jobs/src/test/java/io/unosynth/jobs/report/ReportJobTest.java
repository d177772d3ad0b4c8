package io.unosynth.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.judge.PairJudge;
import io.unosynth.jobs.export.SmallRun;
import io.unosynth.jobs.spark.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.jobs.filter.FilterJob;
import io.unosynth.jobs.select.SelectJob;
import com.sun.net.httpserver.HttpServer;
import io.unosynth.jobs.score.ScoreJob;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a small finished run: its numbers come from the stages' tables (rendering is pipeline-core's). */
class ReportJobTest {
    private static final Pattern SAMPLE_ID = Pattern.compile("&middot; (c\\d{4}-[a-c])<br>similarity");
    private static final String SECRET_KEY = "spark.hadoop.fs.s3a.secret.key";
    private static SparkSession spark;

    @TempDir
    Path root;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session();
    }

    /** The session stays up for other tests; only this thread's active-session mark is left behind otherwise. */
    @AfterAll
    static void leaveNoActiveSession() {
        SparkSession.clearActiveSession();
    }

    @Test
    void reportsTheFunnelSamplesModelsAndConfigOfTheRun() throws Exception {
        SmallRun.write(root);

        String path = run(4, new ByteArrayOutputStream());

        assertThat(path).isEqualTo("report/index.html");
        String html = Files.readString(root.resolve(path));
        // planned, generated, passed filter, scored, selected
        assertThat(html).contains(funnelRow("Cup", 4, 3, 2, 2, 1))
                .contains(funnelRow("Person", 3, 3, 2, 1, 2))
                .contains("<tr class=\"total\"><td>total</td>" + counts(7, 6, 4, 3, 3));
        assertThat(html).contains(PairJudge.UNCONFIGURED_NOTICE)
                .contains("Stage &#39;export&#39; has no finished shards");
        assertThat(sampleIds(html)).as("round-robin over categories, selected first")
                .containsExactly("c0011-a", "c0001-a", "c0011-b", "c0001-b");
        assertThat(html.split("src=\"data:image/png;base64,", -1)).hasSize(1 + 2 * 4);
        assertThat(html).contains("<li><code>" + SmallRun.FILTER_MODEL + "</code></li>");
        assertThat(html).contains("\nselect.min-final-score = 3.5\n")
                .contains("\n# spark.hadoop.fs.s3a.secret.key = (redacted)\n").doesNotContain("hunter2");
        assertThat(html).contains("<figcaption>Cup (n=3)").contains("<figcaption>Cup (n=2)")
                .contains("<figcaption>Person (n=1)");
        assertThat(Files.exists(root.resolve("report/_staging"))).isFalse();
    }

    @Test
    void aRerunOfAnUnchangedRunLeavesTheReportUntouched() throws Exception {
        SmallRun.write(root);
        run(2, new ByteArrayOutputStream());
        FileTime before = Files.getLastModifiedTime(root.resolve("report/index.html"));
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        run(2, console);

        assertThat(Files.getLastModifiedTime(root.resolve("report/index.html"))).isEqualTo(before);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("(unchanged)");
    }

    @Test
    void thePrintedConfigFedBackWithConfReproducesTheRunsConfigHashes() throws Exception {
        SmallRun.write(root);
        String html = Files.readString(root.resolve(run(2, new ByteArrayOutputStream())));
        Matcher pre = Pattern.compile("<pre class=\"config\" id=\"config-properties\">([^<]*)</pre>").matcher(html);
        assertThat(pre.find()).isTrue();
        Path copied = root.resolve("copied.properties");
        Files.writeString(copied, unescape(pre.group(1)));
        UnosynthConfig original = SmallRun.config(root, SECRET_KEY, "hunter2", "select.include-unscored", "true",
                "judge.request-timeout", "90s");

        UnosynthConfig reloaded = UnosynthConfig.load(List.of(copied), List.of());

        assertThat(Files.readString(copied)).contains("judge.request-timeout = 90s")
                .contains("# " + SECRET_KEY + " = (redacted)").doesNotContain("hunter2");
        assertThat(SelectJob.configHash(reloaded)).isEqualTo(SelectJob.configHash(original));
        assertThat(FilterJob.configHash(reloaded)).isEqualTo(FilterJob.configHash(original));
        // Everything but the redacted secret, which the user must supply again.
        assertThat(reloaded).usingRecursiveComparison().ignoringFields("sparkProperties").isEqualTo(original);
        assertThat(reloaded.sparkProperties()).doesNotContainKey(SECRET_KEY);
    }

    @Test
    void aRunWhoseJudgeFailsShowsWhyPerStageAndCategory() throws Exception {
        SmallRun.write(root);
        HttpServer judge = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        judge.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        judge.start();
        try {
            String[] settings = {"judge.base-url", "http://127.0.0.1:" + judge.getAddress().getPort() + "/v1",
                    "judge.model", "qwen2.5-vl", "judge.max-retries", "0", "taxonomy.categories", "11",
                    // let the stage finish despite the outage, so the report has its markers to explain
                    "run.max-failed-fraction", "1.0"};
            UnosynthConfig config = SmallRun.config(root, settings);
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
            ScoreJob.run(spark, SmallRun.storage(spark, root), config, true, quiet);
            SelectJob.run(spark, SmallRun.storage(spark, root), config, true, quiet);

            ReportJob.run(spark, SmallRun.storage(spark, root), config, 4, new ReportContext(
                    Instant.parse("2026-12-03T07:00:00Z"), "", SmallRun.settings(root, settings), Map.of()), quiet);
        } finally {
            judge.stop(0);
        }

        String html = Files.readString(root.resolve("report/index.html"));
        // The reasons are the judge client's (e.g. llm_http_503); the report shows whatever the markers counted.
        Matcher failure = Pattern.compile("<tr><td>score</td><td>Cup</td><td><code>([a-z0-9_]+)</code></td>"
                + "<td class=\"count\">([1-9]\\d*)</td></tr>").matcher(html);
        assertThat(failure.find()).as("a failure row of the score stage for Cup").isTrue();
        Matcher verdicts = Pattern.compile("No scores: 4 pairs failed to score \\(([a-z0-9_]+): 4; see Failures\\)\\.")
                .matcher(html);
        assertThat(verdicts.find()).as("the verdicts' reasons under the empty score histogram").isTrue();
        assertThat(html).contains("judge failure: <code>" + verdicts.group(1) + "</code>")
                .contains("<tr><td>score</td><td>Person</td>");
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    private String run(int samples, ByteArrayOutputStream console) {
        String[] settings = {SECRET_KEY, "hunter2", "select.include-unscored", "true", "judge.request-timeout", "90s"};
        return ReportJob.run(spark, SmallRun.storage(spark, root), SmallRun.config(root, settings), samples,
                new ReportContext(Instant.parse("2026-12-03T07:00:00Z"), "unosynth report --out " + root,
                        SmallRun.settings(root, settings), Map.of()),
                new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    private static String funnelRow(String category, long... values) {
        return "<tr><td>" + category + "</td>" + counts(values);
    }

    private static String counts(long... values) {
        StringBuilder row = new StringBuilder();
        for (long value : values) {
            row.append("<td class=\"count\">").append(value).append("</td>");
        }
        return row.append("</tr>").toString();
    }

    private static List<String> sampleIds(String html) {
        List<String> ids = new ArrayList<>();
        Matcher matcher = SAMPLE_ID.matcher(html);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }
}
