package io.unosynth.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.dataproc.v1.ClusterConfig;
import com.google.cloud.dataproc.v1.Job;
import com.google.cloud.dataproc.v1.OrderedJob;
import com.google.cloud.dataproc.v1.TemplateParameter;
import com.google.cloud.dataproc.v1.WorkflowTemplate;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.unosynth.core.coevolve.CoevolutionPlan;
import io.unosynth.core.coevolve.CoevolutionStep;
import io.unosynth.core.coevolve.CoevolveConfig;
import io.unosynth.core.evaluate.EvaluationSetFixture;
import io.unosynth.jobs.cli.Unosynth;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy recipes (deploy/airflow, deploy/emr) are checked, not trusted: the DAG files compile with Python, every
 * argument list they submit passes {@code unosynth validate}, and the EMR requests pass botocore's validator for the
 * EMR API, and the Dataproc recipes parse into the Dataproc v1 API messages (unknown fields rejected). Airflow itself
 * is not installed here: the DAGs' operator wiring is compiled, not imported.
 */
class DeployRecipesTest {
    private static final Path DEPLOY = Path.of("../deploy");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsPython() {
        assumeTrue(Python.available(), "/usr/bin/python3 is not installed; the deploy recipe tests need it");
    }

    @Test
    void everyRecipePythonFileCompiles() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String folder : List.of("airflow", "emr", "dataproc")) {
            try (Stream<Path> listing = Files.list(DEPLOY.resolve(folder))) {
                listing.filter(p -> p.toString().endsWith(".py")).sorted().forEach(files::add);
            }
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("unosynth_synthesis.py",
                "unosynth_emr.py", "unosynth_dataproc.py", "unosynth_coevolution.py", "unosynth_dag_config.py");

        for (Path file : files) {
            Python compiled = Python.run("-c", "import py_compile, sys; py_compile.compile(sys.argv[1], "
                    + "cfile=sys.argv[2], doraise=True)", file.toString(), tmp.resolve("compiled.pyc").toString());
            assertThat(compiled.exitCode()).as("%s: %s", file, compiled.output()).isZero();
        }
    }

    /**
     * Without Airflow the DAGs cannot be imported; their syntax tree still shows which operators they build and with
     * what: the stage tasks take their arguments from the lists the validate test checks, and the cluster teardown
     * runs whatever happened (trigger rule ALL_DONE).
     */
    @Test
    void theDagsBuildTheirTasksFromTheValidatedListsAndAlwaysTearDown() throws Exception {
        String script = String.join("\n",
                "import ast, json, sys",
                "calls = []",
                "for path in sys.argv[1:]:",
                "    for node in ast.walk(ast.parse(open(path).read())):",
                "        if isinstance(node, ast.Call) and ast.unparse(node.func).endswith(('Operator', 'Sensor')):",
                "            calls.append([path.split('/')[-1], ast.unparse(node.func),",
                "                          {k.arg: ast.unparse(k.value) for k in node.keywords}, node.lineno])",
                "print(json.dumps(sorted(calls, key=lambda c: (sys.argv.index(next(",
                "    a for a in sys.argv if a.endswith(c[0]))), c[3]))))");
        List<String> args = new ArrayList<>(List.of("-c", script));
        for (String dag : List.of("unosynth_synthesis.py", "unosynth_coevolution.py", "unosynth_emr.py",
                "unosynth_dataproc.py")) {
            args.add(DEPLOY.resolve("airflow").resolve(dag).toString());
        }
        Python parsed = Python.run(args.toArray(String[]::new));
        assertThat(parsed.exitCode()).as(parsed.output()).isZero();
        List<String> calls = new ArrayList<>();
        JSON.readTree(parsed.output()).forEach(call -> calls.add(call.get(0).asText() + " " + call.get(1).asText()
                + " " + call.get(2).toString()));

        assertThat(calls).filteredOn(c -> c.startsWith("unosynth_synthesis.py SparkSubmitOperator")).singleElement()
                .asString().contains("\"application_args\":\"unosynth.unosynth_args(stage)\"");
        assertThat(calls).filteredOn(c -> c.startsWith("unosynth_coevolution.py SparkSubmitOperator")).singleElement()
                .asString().contains("\"application_args\":\"unosynth.coevolve_args(step)\"")
                .contains("\"conf\":\"unosynth.TRAIN_SUBMIT_CONF if training else None\"");
        assertThat(Files.readString(DEPLOY.resolve("airflow/unosynth_synthesis.py")))
                .contains("for stage in unosynth.SYNTHESIS_STAGES:");
        assertThat(Files.readString(DEPLOY.resolve("airflow/unosynth_coevolution.py")))
                .contains("for step in unosynth.coevolve_step_ids():");
        assertThat(calls).filteredOn(c -> c.startsWith("unosynth_emr.py")).extracting(c -> c.split(" ")[1])
                .containsExactly("EmrCreateJobFlowOperator", "EmrAddStepsOperator", "EmrStepSensor",
                        "EmrTerminateJobFlowOperator");
        assertThat(calls).anySatisfy(c -> assertThat(c).startsWith("unosynth_emr.py EmrAddStepsOperator")
                .contains("\"steps\":\"unosynth.emr_steps(unosynth.SYNTHESIS_STAGES)\""));
        assertThat(calls).anySatisfy(c -> assertThat(c).startsWith("unosynth_emr.py EmrTerminateJobFlowOperator")
                .contains("\"trigger_rule\":\"TriggerRule.ALL_DONE\""));
        assertThat(calls).filteredOn(c -> c.startsWith("unosynth_dataproc.py")).extracting(c -> c.split(" ")[1])
                .containsExactly("DataprocCreateClusterOperator", "DataprocSubmitJobOperator",
                        "DataprocDeleteClusterOperator");
        assertThat(calls).anySatisfy(c -> assertThat(c).startsWith("unosynth_dataproc.py DataprocSubmitJobOperator")
                .contains("\"job\":\"unosynth.dataproc_job(stage)\""));
        assertThat(calls).anySatisfy(c -> assertThat(c).startsWith("unosynth_dataproc.py DataprocDeleteClusterOperator")
                .contains("\"trigger_rule\":\"TriggerRule.ALL_DONE\""));
    }

    @Test
    void everyArgumentListTheDagsSubmitPassesValidate() throws Exception {
        JsonNode lists = dagConfig().get("argument_lists");
        assertThat(fieldNames(lists)).containsExactly("unosynth_synthesis", "unosynth_coevolution", "unosynth_emr",
                "unosynth_dataproc");
        assertThat(fieldNames(lists.get("unosynth_synthesis").get("tasks")))
                .containsExactly("plan", "generate", "filter", "score", "select", "export", "report");
        // The co-evolution DAG's tasks are the steps of `unosynth coevolve`, in its order.
        assertThat(fieldNames(lists.get("unosynth_coevolution").get("tasks"))).containsExactlyElementsOf(
                new CoevolutionPlan("out", 2, CoevolveConfig.defaults(), "flux", "s2i", "flux").steps().stream()
                        .map(CoevolutionStep::id).toList());
        // The config file is the user's: the shipped defaults stand in for it (wherever the DAG reads it from).
        Path config = Files.copy(Path.of("../conf/unosynth.properties"), tmp.resolve("unosynth.properties"));
        // coevolve evaluates every round: its config names an evaluation set.
        Files.writeString(config, "\nevaluate.set = " + EvaluationSetFixture.copyTo(tmp.resolve("set")) + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        String shipped = dagConfig().get("shipped_config").asText();

        boolean modelsChecked = false;
        for (Iterator<Map.Entry<String, JsonNode>> dags = lists.fields(); dags.hasNext(); ) {
            Map.Entry<String, JsonNode> dag = dags.next();
            Map<String, String> params = new LinkedHashMap<>();
            dag.getValue().get("params").fields().forEachRemaining(p -> params.put(p.getKey(), p.getValue().asText()));
            params.put("config_file", config.toString());
            params.put("output_uri", tmp.resolve(dag.getKey()).toString());
            for (Iterator<Map.Entry<String, JsonNode>> tasks = dag.getValue().get("tasks").fields(); tasks.hasNext(); ) {
                Map.Entry<String, JsonNode> task = tasks.next();
                List<String> command = new ArrayList<>(List.of("validate"));
                if (modelsChecked) {
                    command.add("--skip-models"); // the same model config every time; loaded once is enough
                }
                command.add("--");
                for (JsonNode argument : task.getValue()) {
                    String rendered = render(argument.asText(), params);
                    command.add(rendered.equals(shipped) ? config.toString() : rendered);
                }
                assertThat(command).as("every placeholder is an Airflow param").noneMatch(a -> a.contains("{{"));

                Captured result = captured(() -> Unosynth.execute(command.toArray(String[]::new)));
                assertThat(result.exitCode()).as("%s/%s: %s %s", dag.getKey(), task.getKey(), command, result.output())
                        .isZero();
                assertThat(result.output()).contains("config: ok (3 categories");
                modelsChecked = true;
            }
        }
    }

    @Test
    void theEmrRequestsPassBotocoresValidatorForTheEmrApi() throws Exception {
        assumeTrue(Python.hasModule("botocore"),
                "python3-botocore is not installed (apt-get install python3-botocore); EMR recipes not validated");

        Python check = Python.run(DEPLOY.resolve("emr/check_requests.py").toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("valid run-job-flow.json (RunJobFlow)")
                .contains("valid add-job-flow-steps.json (AddJobFlowSteps)")
                .contains("valid steps of the unosynth_emr DAG (AddJobFlowSteps)");

        // The validator is strict: an unknown field or a wrong type is reported by path.
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Files.copy(DEPLOY.resolve("emr/add-job-flow-steps.json"), broken.resolve("add-job-flow-steps.json"));
        Files.writeString(broken.resolve("run-job-flow.json"), Files.readString(DEPLOY.resolve("emr/run-job-flow.json"))
                .replace("\"ReleaseLabel\"", "\"ReleaseLable\"").replace("\"InstanceCount\": 1", "\"InstanceCount\": \"1\""));
        Python rejected = Python.run(DEPLOY.resolve("emr/check_requests.py").toString(), broken.toString());
        assertThat(rejected.exitCode()).isEqualTo(1);
        assertThat(rejected.output()).contains("INVALID run-job-flow.json (RunJobFlow)")
                .contains("Unknown parameter in input: \"ReleaseLable\"")
                .contains("Invalid type for parameter Instances.InstanceGroups[0].InstanceCount");
    }

    @Test
    void theEmrClusterCarriesGpuSchedulingAndEverySettingOfSparkDefaults() throws IOException {
        JsonNode request = JSON.readTree(DEPLOY.resolve("emr/run-job-flow.json").toFile());
        Map<String, JsonNode> byClassification = new LinkedHashMap<>();
        request.get("Configurations").forEach(c -> byClassification.put(c.get("Classification").asText(), c));

        assertThat(byClassification.get("capacity-scheduler").get("Properties")
                .get("yarn.scheduler.capacity.resource-calculator").asText())
                .isEqualTo("org.apache.hadoop.yarn.util.resource.DominantResourceCalculator");
        JsonNode yarn = byClassification.get("yarn-site").get("Properties");
        assertThat(yarn.get("yarn.nodemanager.resource-plugins").asText()).isEqualTo("yarn.io/gpu");
        assertThat(yarn.get("yarn.nodemanager.container-executor.class").asText()).endsWith("LinuxContainerExecutor");
        assertThat(yarn.get("yarn.nodemanager.linux-container-executor.cgroups.mount").asText()).isEqualTo("true");
        JsonNode spark = byClassification.get("spark-defaults").get("Properties");
        assertThat(spark.get("spark.executor.resource.gpu.discoveryScript").asText()).endsWith("getGpusResources.sh");
        assertThat(spark.get("spark.executor.resource.gpu.amount").asText()).isEqualTo("1");
        sparkDefaults().forEach((key, value) -> assertThat(spark.path(key).asText())
                .as("conf/spark-defaults.conf %s", key).isEqualTo(value));
    }

    @Test
    void theDataprocRecipesParseIntoTheDataprocV1Messages() throws Exception {
        ClusterConfig cluster = parse(DEPLOY.resolve("dataproc/cluster-config.json"), ClusterConfig.newBuilder());

        assertThat(cluster.getWorkerConfig().getAcceleratorsList()).singleElement().satisfies(gpu -> {
            assertThat(gpu.getAcceleratorTypeUri()).isEqualTo("nvidia-tesla-a100");
            assertThat(gpu.getAcceleratorCount()).isEqualTo(1);
        });
        assertThat(cluster.getInitializationActionsList()).singleElement()
                .satisfies(action -> assertThat(action.getExecutableFile()).endsWith("/gpu/install_gpu_driver.sh"));
        Map<String, String> properties = cluster.getSoftwareConfig().getPropertiesMap();
        assertThat(properties).containsEntry("capacity-scheduler:yarn.scheduler.capacity.resource-calculator",
                "org.apache.hadoop.yarn.util.resource.DominantResourceCalculator")
                .containsEntry("spark:spark.executor.resource.gpu.amount", "1")
                .containsKey("spark:spark.executor.resource.gpu.discoveryScript");
        sparkDefaults().forEach((key, value) -> assertThat(properties).containsEntry("spark:" + key, value));

        WorkflowTemplate template = parse(DEPLOY.resolve("dataproc/workflow-template.json"),
                WorkflowTemplate.newBuilder());
        assertThat(template.getPlacement().getManagedCluster().getConfig()).isEqualTo(cluster);
        assertThat(template.getJobsList()).extracting(OrderedJob::getStepId)
                .containsExactly("plan", "generate", "filter", "score", "select", "export", "report");
        JsonNode config = dagConfig();
        JsonNode dagLists = config.get("argument_lists").get("unosynth_dataproc");
        Map<String, String> params = new LinkedHashMap<>();
        dagLists.get("params").fields().forEachRemaining(p -> params.put(p.getKey(), p.getValue().asText()));
        String previous = null;
        for (OrderedJob job : template.getJobsList()) {
            List<String> dagArgs = new ArrayList<>();
            dagLists.get("tasks").get(job.getStepId()).forEach(a -> dagArgs.add(render(a.asText(), params)));
            assertThat(job.getSparkJob().getArgsList()).as("step %s runs what the DAG runs", job.getStepId())
                    .isEqualTo(dagArgs);
            assertThat(job.getPrerequisiteStepIdsList())
                    .isEqualTo(previous == null ? List.of() : List.of(previous));
            previous = job.getStepId();
        }
        for (TemplateParameter parameter : template.getParametersList()) {
            assertThat(parameter.getFieldsList()).hasSize(template.getJobsCount());
        }
        // Every job the DAG submits is a valid Job message too.
        for (Iterator<JsonNode> jobs = config.get("dataproc_jobs").elements(); jobs.hasNext(); ) {
            Job job = parse(render(jobs.next().toString(), params), Job.newBuilder());
            assertThat(job.getSparkJob().getMainClass()).isEqualTo("io.unosynth.jobs.cli.Unosynth");
        }

        assertThatThrownBy(() -> parse("{\"worker_config\": {\"acelerators\": []}}", ClusterConfig.newBuilder()))
                .isInstanceOf(InvalidProtocolBufferException.class).hasMessageContaining("acelerators");
    }

    @SuppressWarnings("unchecked")
    private static <T extends Message> T parse(Path file, Message.Builder builder) throws IOException {
        return parse(Files.readString(file), builder);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Message> T parse(String json, Message.Builder builder)
            throws InvalidProtocolBufferException {
        JsonFormat.parser().merge(json, builder);
        return (T) builder.build();
    }

    /** The uncommented settings of conf/spark-defaults.conf. */
    static Map<String, String> sparkDefaults() throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("../conf/spark-defaults.conf"))) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                String[] keyValue = trimmed.split("\\s+", 2);
                settings.put(keyValue[0], keyValue[1]);
            }
        }
        assertThat(settings).containsKeys("spark.executor.extraJavaOptions", "spark.dynamicAllocation.enabled");
        return settings;
    }

    private JsonNode dagConfig() throws Exception {
        Python printed = Python.run(DEPLOY.resolve("airflow/unosynth_dag_config.py").toString());
        assertThat(printed.exitCode()).as(printed.output()).isZero();
        return JSON.readTree(printed.output());
    }

    private static String render(String argument, Map<String, String> params) {
        String rendered = argument;
        for (Map.Entry<String, String> param : params.entrySet()) {
            rendered = rendered.replace("{{ params." + param.getKey() + " }}", param.getValue());
        }
        return rendered;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private record Captured(int exitCode, String output) {}

    private static Captured captured(java.util.function.IntSupplier command) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            int exit = command.getAsInt();
            return new Captured(exit, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
