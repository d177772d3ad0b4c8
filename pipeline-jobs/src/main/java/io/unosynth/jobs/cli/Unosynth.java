package io.unosynth.jobs.cli;

import io.unosynth.core.build.CodeVersion;
import io.unosynth.core.config.ModelsConfig;
import io.unosynth.core.error.ErrorCategory;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code unosynth} command line: one subcommand per stage, {@code run} for the whole pipeline. */
@Command(name = "unosynth", mixinStandardHelpOptions = true, versionProvider = Unosynth.Version.class,
        description = "Builds UNO-style subject-consistent training data on Apache Spark.",
        subcommands = {PlanCommand.class, GenerateCommand.class, FilterCommand.class, ScoreCommand.class,
                SelectCommand.class, ExportCommand.class, ExpandCommand.class, ReportCommand.class, RunCommand.class,
                EncodeCommand.class, TrainCommand.class, CoevolveCommand.class, ScoreSetsCommand.class,
                ModelsCommand.class, ValidateCommand.class, EstimateCommand.class, EvaluateCommand.class})
public final class Unosynth implements Runnable {
    private static final Pattern MODEL_NAME = Pattern.compile("model '([a-z0-9-]+)'");
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new Unosynth());
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            PipelineException failure = categorized(exception);
            int exitCode;
            String message;
            if (failure != null) {
                exitCode = failure.code().category().exitCode();
                message = failure.getMessage() + hint(failure);
            } else if (exception instanceof IllegalArgumentException invalid
                    && !(line.getCommand() instanceof StageCommand)) {
                // Outside the stage commands (validate, estimate, models) a bare invalid value is the user's.
                exitCode = ErrorCategory.USER_ERROR.exitCode();
                message = invalid.getMessage();
            } else {
                exitCode = exitCode(exception);
                message = "internal error (a bug; please report it with the log): " + exception;
            }
            // One line on the terminal; the trace (and Spark's own account) goes to the run's log file.
            Path log = line.getCommand() instanceof StageCommand stage ? stage.logFailure(exception) : null;
            line.getErr().println("unosynth: " + firstLine(message) + (log == null ? "" : " (details: " + log + ")"));
            if (line.getCommand() instanceof StageCommand stage && stage.verbose()) {
                exception.printStackTrace(line.getErr());
            } else if (log == null && exitCode == ErrorCategory.INTERNAL_ERROR.exitCode()) {
                exception.printStackTrace(line.getErr());
            }
            return exitCode;
        });
        return commandLine.execute(args);
    }

    /** What to do about a failure whose fix is always the same kind of setting. */
    static String hint(PipelineException failure) {
        if (failure.code() == PipelineErrorCode.MODEL_UNAVAILABLE) {
            Matcher model = MODEL_NAME.matcher(failure.getMessage());
            if (!model.find()) {
                return "";
            }
            String name = model.group(1);
            return "; check models." + name + ".location" + (ModelsConfig.BUILT_IN_LOCATIONS.containsKey(name)
                    ? " (or remove it to use the demo model)" : "");
        }
        return "";
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end).stripTrailing() + " ...";
    }

    /** The categorized failure behind an exception, also when Spark wraps it; null when there is none. */
    static PipelineException categorized(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PipelineException categorized) {
                return categorized;
            }
        }
        return null;
    }

    /**
     * The documented exit code of a failure: its category's for a {@link PipelineException} (2 validation, 3
     * external, 4 resources, 70 internal), also when Spark wraps it; 70 for anything else, which is a bug.
     * Invalid arguments are checked (and categorized) before Spark starts, so a bare exception is never the user's.
     */
    static int exitCode(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PipelineException categorized) {
                return categorized.code().category().exitCode();
            }
            if (cause instanceof OutOfMemoryError) {
                return ErrorCategory.INSUFFICIENT_RESOURCES.exitCode();
            }
        }
        return ErrorCategory.INTERNAL_ERROR.exitCode();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: plan or run");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"unosynth " + CodeVersion.current()};
        }
    }
}
