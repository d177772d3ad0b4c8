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
import java.util.List;
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
        assertThat(html).contains("<tr><td><code>select.min-final-score</code></td><td><code>3.5</code></td></tr>")
                .contains("<code>spark.hadoop.fs.s3a.secret.key</code></td><td><code>(redacted)</code>")
                .doesNotContain("hunter2");
        assertThat(html).contains("<figcaption>Cup (n=3)</figcaption>").contains("<figcaption>Cup (n=2)</figcaption>")
                .contains("<figcaption>Person (n=1)</figcaption>");
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

    private String run(int samples, ByteArrayOutputStream console) {
        return ReportJob.run(spark, SmallRun.storage(spark, root),
                SmallRun.config(root, "spark.hadoop.fs.s3a.secret.key", "hunter2"), samples,
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
