package io.unosynth.core.report;

import io.unosynth.core.train.TrainingLog;
import io.unosynth.core.train.TrainingStep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.unosynth.core.expand.ExpandFunnel;
import io.unosynth.core.expand.ExpandSet;
import io.unosynth.core.expand.ExpandShardWork;
import io.unosynth.core.expand.PixelBox;
import io.unosynth.core.expand.SubjectRules;
import io.unosynth.core.filter.ConsistencyBand;
import io.unosynth.core.filter.FilterDecision;
import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.Photos;
import io.unosynth.core.image.RgbImage;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.judge.JudgeVerdicts;
import io.unosynth.core.judge.PairJudge;
import io.unosynth.core.pair.PairFixtures;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.select.Funnel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {
    private static final String HOSTILE = "<script>alert('x')</script> & \"quotes\"";
    private static final Pattern SRC = Pattern.compile("src=\"([^\"]*)\"");

    @TempDir
    Path dir;

    private RunReport report() {
        PairRow mug = PairFixtures.pair("c0007-subj000-scn00", 7, "Cup", HOSTILE, Photos.png(Photos.COFFEE),
                Photos.png(Photos.CHELSEA));
        PairRow bike = PairFixtures.pair("c0042-subj001-scn02", 42, "Motorcycle", "a red touring motorcycle",
                Photos.png(Photos.MOTORCYCLE_LEFT), Photos.png(Photos.MOTORCYCLE_RIGHT));
        FilterDecision mugDecision = FilterDecision.of(mug.pairId(), 7, "Cup", 0.61, ConsistencyBand.Decision.KEEP);
        FilterDecision bikeDecision = FilterDecision.of(bike.pairId(), 42, "Motorcycle", 0.83,
                ConsistencyBand.Decision.KEEP);
        JudgeVerdict mugVerdict = JudgeVerdicts.scored(mug, "qwen2.5-vl", "abc", 3.5);
        JudgeVerdict bikeVerdict = JudgeVerdict.unscored(bike);
        return new RunReport("unosynth run <demo>", List.of(PairJudge.UNCONFIGURED_NOTICE), HEADER,
                Funnel.of("Cup", new Funnel.Counts(8, 8, 6, 6, 4))
                        .merge(Funnel.of("Motorcycle", new Funnel.Counts(8, 7, 5, 0, 0))),
                List.of(mugDecision, bikeDecision, FilterDecision.of("x", 7, "Cup", 0.2,
                        ConsistencyBand.Decision.TOO_DIFFERENT)),
                List.of(mugVerdict, bikeVerdict),
                List.of(ReportSample.of(mug, Optional.of(mugDecision), Optional.of(mugVerdict), true),
                        ReportSample.of(bike, Optional.of(bikeDecision), Optional.of(bikeVerdict), false)),
                List.of(new FailureCount("score", "Cup", "judge_timeout", 2)), THRESHOLDS,
                List.of("embedder=sha256:0123", "judge:qwen2.5-vl@prompts-abc"),
                Map.of("select.min-final-score", "3.5", "plan.prompt-template-file", HOSTILE,
                        "spark.hadoop.fs.s3a.secret.key", "hunter2", "judge.max-tokens", "2048"));
    }

    private static final ReportThresholds THRESHOLDS = new ReportThresholds(0.5, 0.98, 3.5);
    private static final RunHeader HEADER = new RunHeader("2026-12-03T06:50:00Z", "0.1.0-abc123",
            "unosynth run --categories 1,2", List.of(new StageSummary("generate", 3, 3, 6, 6, Map.of(), 16_500,
                    List.of("driver"), List.of("flux=demo:flux@unverified"))), Map.of("generate", 21_000L),
            Map.of("generate", 1.0));

    @Test
    void theRunHeaderHasDateVersionCommandTimesAndGpuSeconds() {
        String html = report().html();

        assertThat(html).contains("<section id=\"run\">").contains("Written 2026-12-03T06:50:00Z by unosynth "
                + "<code>0.1.0-abc123</code>").contains("<code>unosynth run --categories 1,2</code>");
        assertThat(html).contains("<tr><td>generate</td><td class=\"count\">3</td><td class=\"count\">6</td>"
                + "<td class=\"count\">6</td><td class=\"count\">21.0 s</td><td class=\"count\">16.5 s</td>"
                + "<td class=\"count\">16.5 s</td><td>driver</td></tr>");
    }

    @Test
    void aRunWhoseJudgeFailedShowsTheReasons() {
        PairRow mug = PairFixtures.pair("c0007-subj000-scn00", 7, "Cup", "a mug", Photos.png(Photos.COFFEE),
                Photos.png(Photos.CHELSEA));
        JudgeVerdict failed = JudgeVerdict.failed(mug, "qwen2.5-vl", "abc", "judge_timeout",
                new JudgeVerdict.Transcript("", "", ""), new JudgeVerdict.Usage(120_000, 0, 0, 5));
        RunReport report = new RunReport("failing judge", List.of(), HEADER, Funnel.of("Cup",
                new Funnel.Counts(1, 1, 1, 0, 0)), List.of(), List.of(failed),
                List.of(ReportSample.of(mug, Optional.empty(), Optional.of(failed), false)),
                List.of(new FailureCount("score", "Cup", "judge_timeout", 1)), THRESHOLDS, List.of(), Map.of());

        String html = report.html();

        assertThat(html).contains("No scores: 1 pairs failed to score (judge_timeout: 1; see Failures).")
                .contains("<tr><td>score</td><td>Cup</td><td><code>judge_timeout</code></td>"
                        + "<td class=\"count\">1</td></tr>")
                .contains("judge failure: <code>judge_timeout</code>");
    }

    @Test
    void histogramsFitTheirBinsToTheDataAndDrawTheThresholds() {
        Histogram near = Histogram.fitted(List.of(0.962, 0.97, 0.985, 0.991), 20, -1.0, 1.0);
        assertThat(near.min()).isGreaterThan(0.95);
        assertThat(near.max()).isLessThanOrEqualTo(1.0);
        assertThat(java.util.Arrays.stream(near.counts()).filter(c -> c > 0).count()).as("spread over bins")
                .isEqualTo(4);
        String svg = near.svg("cup similarity", "similarity", Map.of("filter.low", 0.5, "filter.high", 0.98));
        assertThat(svg).contains("<line class=\"threshold\"").contains("<title>filter.high = 0.98</title>")
                .doesNotContain("filter.low = 0.5</title>").contains(">similarity</text>").contains(">pairs</text>");
        assertThat(near.offChart(Map.of("filter.low", 0.5))).isEqualTo("filter.low = 0.5 (left of the chart)");
    }

    @Test
    void judgeReasoningFoldsIntoTheCardAndTheFunnelIsDrawn() {
        String html = report().html();

        assertThat(html).contains("<details><summary>judge&#39;s reasoning</summary><pre>Parts:\n{&quot;parts&quot;")
                .contains("Differences:\nThe handle is &lt;thinner&gt;.");
        assertThat(html).contains("<svg class=\"funnel\"").contains("<title>selected: 4</title>");
    }

    @Test
    void theConfigIsAFileTheCliTakesBackWithSecretsRedacted() {
        RunReport report = report();

        assertThat(report.properties()).contains("\nselect.min-final-score = 3.5\n")
                .contains("\n# spark.hadoop.fs.s3a.secret.key = (redacted)\n").contains("judge.max-tokens = 2048")
                .doesNotContain("hunter2");
        assertThat(report.html()).contains("<pre class=\"config\" id=\"config-properties\">");
    }

    @Test
    void hasEverySectionAndEscapesAllText() {
        String html = report().html();

        for (String id : List.of("run", "funnel", "failures", "similarity", "scores", "samples", "models",
                "config")) {
            assertThat(html).contains("<section id=\"" + id + "\">");
        }
        assertThat(html).doesNotContain("<script>").doesNotContain("alert('x')")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;")
                .contains("<title>unosynth run &lt;demo&gt;</title>");
        assertThat(html).contains("No judge endpoint configured");
        assertThat(html).contains("<td>Cup</td><td class=\"count\">8</td><td class=\"count\">8</td>"
                + "<td class=\"count\">6</td><td class=\"count\">6</td><td class=\"count\">4</td>");
        assertThat(html).contains("<tr class=\"total\"><td>total</td><td class=\"count\">16</td>");
        assertThat(html).contains("Cup (n=2)").contains("Motorcycle (n=1)").contains("final 3.5")
                .contains("unscored").contains("similarity 0.610").contains("embedder=sha256:0123");
        assertThat(html).contains("1 unscored, 0 failed to score.");
    }

    @Test
    void isSelfContainedWithThumbnailsThatDecode() {
        String html = report().html();
        assertThat(html).doesNotContainPattern("(src|href)=\"(https?:|//|file:)");
        assertThat(html).doesNotContain("<link").doesNotContain("@import").doesNotContain("<script");
        Matcher src = SRC.matcher(html);
        int images = 0;
        while (src.find()) {
            String url = src.group(1);
            assertThat(url).startsWith("data:image/png;base64,");
            byte[] png = Base64.getDecoder().decode(url.substring("data:image/png;base64,".length()));
            assertThat(Math.max(ImageCodec.decode(png, "thumbnail").width(),
                    ImageCodec.decode(png, "thumbnail").height())).isLessThanOrEqualTo(ReportSample.THUMBNAIL_SIDE);
            images++;
        }
        assertThat(images).isEqualTo(4);
    }

    @Test
    void histogramsBinByCategory() {
        Histogram similarity = new Histogram(0.0, 1.0, 20);
        similarity.add(0.61);
        similarity.add(0.0);
        similarity.add(1.0);
        similarity.add(-0.3);
        similarity.add(Double.NaN);
        long[] counts = similarity.counts();
        assertThat(similarity.total()).isEqualTo(4);
        assertThat(counts[0]).as("0 and the clamped -0.3").isEqualTo(2);
        assertThat(counts[12]).isEqualTo(1);
        assertThat(counts[19]).as("the last bin includes the maximum").isEqualTo(1);
        assertThat(similarity.svg("a <b>")).startsWith("<svg").contains("aria-label=\"a &lt;b&gt;\"")
                .contains("<title>0.6-0.65: 1</title>");
    }

    @Test
    void writesUtf8() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report().write(out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(report().html());
    }

    /** A run with an expand stage: 5 pairs, 1 without detection, 1 with only its own subject, 1 out of band. */
    private RunReport reportWithExpand() {
        RunReport plain = report();
        RgbImage target = Photos.load(Photos.CHELSEA);
        ExpandSet three = new ExpandSet("c0007-subj000-scn00-m", "c0007-subj000-scn00", 7, "Cup", "a <mug>",
                "a cat and a mug", "regenerate", 3, List.of("cat", "lamp"),
                List.of(new PixelBox(10, 20, 110, 140), new PixelBox(180, 5, 250, 90)), List.of(0.41, 0.27),
                List.of(0.83, 0.62), 11L, Photos.png(Photos.CHELSEA), target.width(), target.height(),
                List.of(Photos.png(Photos.COFFEE), Photos.png(Photos.ASTRONAUT), Photos.png(Photos.ROCKET)));
        ExpandFunnel funnel = ExpandFunnel.of(5, Map.of(SubjectRules.NO_DETECTION, 1L, SubjectRules.ONLY_SUBJECT,
                1L, ExpandShardWork.SIMILARITY_OUT_OF_BAND, 1L), Map.of(2, 1L, 3, 1L));
        return new RunReport(plain.title(), plain.notices(), plain.header(), plain.funnel(), plain.decisions(),
                plain.verdicts(), plain.samples(), plain.failures(), plain.thresholds(), plain.models(),
                plain.config(), Optional.of(new ExpandReport(funnel, List.of(ExpandSample.of(three)))));
    }

    @Test
    void theExpandSectionShowsTheFunnelAndSetsWithTheirBoxes() {
        String html = reportWithExpand().html();

        assertThat(html).contains("<section id=\"expand\">").contains("<svg class=\"expand-funnel\"");
        assertThat(html).contains("<tr><td>selected pairs read</td><td class=\"count\">5</td></tr>")
                .contains("<tr><td>pairs with detections</td><td class=\"count\">4</td></tr>")
                .contains("<tr><td>pairs with subjects chosen</td><td class=\"count\">3</td></tr>")
                .contains("<tr><td>references made</td><td class=\"count\">4</td></tr>")
                .contains("<tr><td>references verified</td><td class=\"count\">3</td></tr>")
                .contains("<tr><td>sets</td><td class=\"count\">2</td></tr>")
                .contains("<tr><td>sets with N = 2</td><td class=\"count\">1</td></tr>")
                .contains("<tr><td>sets with N = 3</td><td class=\"count\">1</td></tr>");
        RgbImage target = Photos.load(Photos.CHELSEA);
        assertThat(html).contains("viewBox=\"0 0 " + target.width() + " " + target.height() + "\"")
                .contains("<rect class=\"box\" x=\"10.0\" y=\"20.0\" width=\"100.0\" height=\"120.0\"")
                .contains("<title>2 cat 0.41</title>")
                .contains("<rect class=\"box\" x=\"180.0\" y=\"5.0\" width=\"70.0\" height=\"85.0\"")
                .contains("<title>3 lamp 0.27</title>");
        assertThat(html).containsSubsequence("alt=\"reference 1: a &lt;mug&gt;\"", "alt=\"reference 2: cat\"",
                "alt=\"reference 3: lamp\"");
        assertThat(html).contains("<tr><td>2</td><td>cat</td><td class=\"count\">0.410</td>"
                + "<td class=\"count\">0.830</td></tr>").contains("N = 3");
        assertThat(html).doesNotContainPattern("(src|href)=\"(https?:|//|file:)").doesNotContain("<script");
        assertThat(Pattern.compile("(src|href)=\"data:image/png;base64,").matcher(html).results().count())
                .as("4 pair thumbnails, the set's target and its 3 references").isEqualTo(8);
    }

    @Test
    void aTrainingStageShowsItsLossCurveStepTimesAndSummary() {
        RunReport plain = report();
        List<TrainingStep> steps = new java.util.ArrayList<>();
        for (int step = 1; step <= 20; step++) {
            steps.add(new TrainingStep(step, step <= 10 ? 2.0 : 0.5, 1e-5, step == 1 ? 7.5 : 2.0));
        }
        RunReport report = new RunReport(plain.title(), plain.notices(), plain.header(), plain.funnel(),
                plain.decisions(), plain.verdicts(), plain.samples(), plain.failures(), plain.thresholds(),
                plain.models(), plain.config(), Optional.empty(),
                List.of(new TrainingReport(1, "/runs/<x>/train/stage-1", new TrainingLog(steps))));

        String html = report.html();

        assertThat(html).contains("<section id=\"train\">").contains("/runs/&lt;x&gt;/train/stage-1");
        assertThat(html).contains("<tr><td>1</td><td class=\"count\">1-20</td><td class=\"count\">2</td>"
                + "<td class=\"count\">0.5</td><td class=\"count\">4x</td><td class=\"count\">2.275 s</td>"
                + "<td class=\"count\">7.5 s</td><td class=\"count\">45.5 s</td></tr>");
        assertThat(Pattern.compile("<svg class=\"line-chart\"").matcher(html).results().count())
                .as("the loss curve and the step times").isEqualTo(2);
        // The loss line: the first step at the top left, the last at the bottom right.
        assertThat(html).contains("<polyline class=\"series\" points=\"48.0,12.0 ").contains(" 500.0,162.0\"/>");
        assertThat(plain.html()).doesNotContain("<section id=\"train\">");
    }

    @Test
    void aRunWithoutExpandHasNoExpandSection() {
        assertThat(report().expand()).isEmpty();
        assertThat(report().html()).doesNotContain("<section id=\"expand\">").doesNotContain("expand-funnel");
    }

    /** Runs only where Debian's chromium is installed (apt-get install chromium). */
    @Test
    void rendersInHeadlessChromium() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        assumeTrue(Files.isExecutable(chromium), "chromium is not installed");
        Path file = dir.resolve("report.html");
        Files.writeString(file, reportWithExpand().html(), StandardCharsets.UTF_8);

        Process process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--user-data-dir=" + dir.resolve("profile"), "--dump-dom",
                file.toUri().toString())
                .redirectError(dir.resolve("chromium.err").toFile())
                .start();
        String dom = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(Files.readString(dir.resolve("chromium.err"))).isZero();
        assertThat(dom).contains("<section id=\"funnel\">").contains("<section id=\"config\">")
                .contains("&lt;script&gt;alert('x')&lt;/script&gt;").doesNotContain("<script>alert");
        assertThat(dom).containsPattern("<svg class=\"histogram\"").contains("<section id=\"run\">")
                .contains("<details><summary>");
        assertThat(dom).contains("<section id=\"expand\">").contains("<rect class=\"box\"").contains("<image ");
        Path screenshot = dir.resolve("report.png");
        Process shot = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--user-data-dir=" + dir.resolve("profile2"), "--window-size=1200,2400",
                "--screenshot=" + screenshot, file.toUri().toString())
                .redirectError(dir.resolve("chromium-shot.err").toFile())
                .redirectOutput(dir.resolve("chromium-shot.out").toFile())
                .start();
        assertThat(shot.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ImageCodec.decode(Files.readAllBytes(screenshot), "screenshot").width()).isEqualTo(1200);
        assertThat(Pattern.compile("<img ").matcher(dom).results().count()).as("4 pair and 3 reference thumbnails")
                .isEqualTo(7);
    }
}
