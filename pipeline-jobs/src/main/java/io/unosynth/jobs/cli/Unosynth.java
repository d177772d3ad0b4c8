package io.unosynth.jobs.cli;

import io.unosynth.core.build.CodeVersion;
import io.unosynth.core.error.ErrorCategory;
import io.unosynth.core.error.PipelineException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code unosynth} command line: one subcommand per stage, {@code run} for the whole pipeline. */
@Command(name = "unosynth", mixinStandardHelpOptions = true, versionProvider = Unosynth.Version.class,
        description = "Builds UNO-style subject-consistent training data on Apache Spark.",
        subcommands = {PlanCommand.class, GenerateCommand.class, FilterCommand.class, ScoreCommand.class,
                SelectCommand.class, ExportCommand.class, ReportCommand.class, RunCommand.class,
                ModelsCommand.class})
public final class Unosynth implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new Unosynth());
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
                if (cause instanceof PipelineException failure) {
                    line.getErr().println("unosynth: " + failure.getMessage());
                    return failure.code().category().exitCode();
                }
            }
            line.getErr().println("unosynth: internal error (a bug; please report it with this trace): " + exception);
            exception.printStackTrace(line.getErr());
            return exitCode(exception);
        });
        return commandLine.execute(args);
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
