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
                SelectCommand.class, ExportCommand.class, ReportCommand.class, RunCommand.class,
                ModelsCommand.class, ValidateCommand.class, EstimateCommand.class})
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
            int exitCode;
            String message;
            if (exception instanceof PipelineException failure) {
                exitCode = failure.code().category().exitCode();
                message = failure.getMessage() + hint(failure);
            } else if (exception instanceof IllegalArgumentException invalid) {
                exitCode = ErrorCategory.USER_ERROR.exitCode();
                message = invalid.getMessage();
            } else {
                exitCode = ErrorCategory.INTERNAL_ERROR.exitCode();
                message = "internal error, please report it: " + exception;
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
