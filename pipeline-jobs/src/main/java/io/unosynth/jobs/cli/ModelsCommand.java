package io.unosynth.jobs.cli;

import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import io.unosynth.runtime.demo.DemoBundle;
import io.unosynth.runtime.demo.DemoModel;
import io.unosynth.runtime.demo.DemoModels;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "models", mixinStandardHelpOptions = true, description = "Model utilities.",
        subcommands = ModelsCommand.Demo.class)
final class ModelsCommand implements Runnable {
    @Override
    public void run() {
        throw new ValidationException(PipelineErrorCode.INVALID_INPUT, "Missing subcommand: models demo --out DIR");
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Writes the miniature random-weight demo models (real networks with the public ONNX "
                    + "contracts; their outputs are noise) and their tokenizer.json files.")
    static final class Demo implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write into.")
        Path out;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Weight seed (default 1).")
        long seed;

        @Override
        public Integer call() {
            DemoBundle bundle = DemoModels.write(out, seed);
            for (DemoModel model : DemoModel.values()) {
                System.out.println(bundle.model(model));
            }
            System.out.println(bundle.manifest());
            return 0;
        }
    }
}
