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
                SelectCommand.class, ExportCommand.class, ExpandCommand.class, ReportCommand.class, RunCommand.class,
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
            if (exception instanceof PipelineException failure) {
                line.getErr().println("unosynth: " + failure.getMessage());
                return failure.code().category().exitCode();
            }
            if (exception instanceof IllegalArgumentException invalid) {
                line.getErr().println("unosynth: " + invalid.getMessage());
                return ErrorCategory.USER_ERROR.exitCode();
            }
            throw exception;
        });
        return commandLine.execute(args);
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
