package io.unosynth.jobs.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.SimpleMessage;

/**
 * The complete log of one CLI run, {@code <out>/_logs/<UTC time>.log}: Spark's and every library's messages at INFO
 * and above, and the stack trace of the failure that ended the run, while the terminal shows only unosynth's own
 * lines. A run whose output is not a local path (HDFS, S3) logs to {@code <tmp>/unosynth-logs/} instead: log4j
 * writes local files.
 */
final class RunLog implements AutoCloseable {
    static final String FOLDER = "_logs";
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT);
    private static final String APPENDER = "unosynth-run-log";
    private static final String CONSOLE = "console";

    private final Path file;
    private final LoggerContext context;
    private final FileAppender appender;
    private final Level rootLevel;

    private RunLog(Path file, LoggerContext context, FileAppender appender, Level rootLevel) {
        this.file = file;
        this.context = context;
        this.appender = appender;
        this.rootLevel = rootLevel;
    }

    /** Starts logging to a new file for a run writing to {@code output}. */
    static RunLog start(String output) {
        Path file = folder(output).resolve(ZonedDateTime.now(ZoneOffset.UTC).format(NAME) + ".log");
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        FileAppender appender = FileAppender.newBuilder()
                .setName(APPENDER)
                .withFileName(file.toString())
                .withCreateOnDemand(true)
                .setLayout(PatternLayout.newBuilder().withConfiguration(configuration)
                        .withPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %p [%t] %c: %m%n").build())
                .setConfiguration(configuration)
                .build();
        appender.start();
        configuration.addAppender(appender);
        LoggerConfig root = configuration.getRootLogger();
        Level rootLevel = root.getLevel();
        // The file takes INFO; the console's own appender reference keeps its level (see conf/log4j2.properties).
        if (rootLevel.isMoreSpecificThan(Level.INFO)) {
            root.setLevel(Level.INFO);
        }
        root.addAppender(appender, Level.INFO, null);
        context.updateLoggers();
        return new RunLog(file, context, appender, rootLevel);
    }

    /** {@code <out>/_logs} for a local output (a path or a {@code file:} URI), else the temporary folder's. */
    static Path folder(String output) {
        URI uri;
        try {
            uri = URI.create(output);
        } catch (IllegalArgumentException e) {
            return Path.of(output).resolve(FOLDER);
        }
        if (uri.getScheme() == null || uri.getScheme().length() == 1) {
            return Path.of(output).resolve(FOLDER);
        }
        if (uri.getScheme().equals("file")) {
            return Path.of(uri).resolve(FOLDER);
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "unosynth-logs");
    }

    Path file() {
        return file;
    }

    /** Writes the failure with its stack trace to the file only (the terminal gets one line). */
    void failure(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        appender.append(Log4jLogEvent.newBuilder()
                .setLoggerName(Unosynth.class.getName())
                .setLevel(Level.ERROR)
                .setMessage(new SimpleMessage("The run failed: " + trace))
                .setTimeMillis(System.currentTimeMillis())
                .setThreadName(Thread.currentThread().getName())
                .build());
    }

    /** {@code --verbose}: library warnings on the terminal too (the console appender's reference is off otherwise). */
    void showWarningsOnConsole() {
        Configuration configuration = context.getConfiguration();
        Appender console = configuration.getAppender(CONSOLE);
        if (console != null) {
            LoggerConfig root = configuration.getRootLogger();
            root.removeAppender(CONSOLE);
            root.addAppender(console, Level.WARN, null);
            context.updateLoggers();
        }
    }

    @Override
    public void close() {
        Configuration configuration = context.getConfiguration();
        LoggerConfig root = configuration.getRootLogger();
        root.removeAppender(APPENDER);
        root.setLevel(rootLevel);
        context.updateLoggers();
        appender.stop();
        configuration.getAppenders().remove(APPENDER);
    }
}
