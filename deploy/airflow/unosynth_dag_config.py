"""The one source of what the unosynth DAGs submit: stage chains, Airflow params and every argument list.

No Airflow import, so tests run it with a plain python3: `python3 unosynth_dag_config.py` prints every argument
list the DAGs pass (Jinja placeholders unrendered) as JSON; the JUnit test DeployRecipesTest renders them and runs
each through `unosynth validate`. The DAG files only wire these lists into operators.
"""

import json
import os

MAIN_CLASS = "io.unosynth.jobs.cli.Unosynth"

# The synthesis chain, in order (README "Stages").
SYNTHESIS_STAGES = ["plan", "generate", "filter", "score", "select", "export", "report"]

# The co-evolution loop (README "Model-data co-evolution"): `unosynth coevolve --rounds N --step rR.<step>`, one
# task per step, in the order `unosynth coevolve --dry-run` prints (CoevolutionPlan in pipeline-core; the
# DeployRecipesTest checks this list against it). The number of rounds is fixed when the DAG is parsed.
COEVOLUTION_ROUNDS = 2
COEVOLUTION_STEPS = ["plan", "generate", "filter", "score", "select", "export", "encode", "train-1", "expand",
                     "score-sets", "encode-sets", "train-2", "evaluate"]
# The training steps run in the Spark driver (the trainer is not a Spark job): submit them in cluster mode with the
# GPUs of one node for the driver, which trains data parallel over all of them (train.devices = auto; each GPU holds
# the whole base, so FLUX.1-dev needs 80 GB GPUs, e.g. p4de.24xlarge or a2-ultragpu-8g: 8). One node only (README
# "Training"). The discovery script ships with Spark's binary distribution.
TRAIN_STEPS = ["train-1", "train-2"]
TRAIN_NODE_GPUS = 8
TRAIN_SUBMIT_CONF = {
    "spark.submit.deployMode": "cluster",
    "spark.driver.resource.gpu.amount": str(TRAIN_NODE_GPUS),
    "spark.driver.resource.gpu.discoveryScript": "/opt/spark/examples/src/main/scripts/getGpusResources.sh",
}

# Airflow params (DAG-level defaults; override per run in the trigger form or with `--conf '{...}'`).
PARAMS = {
    "output_uri": "s3a://my-bucket/unosynth/run1",
    "categories": "1,2,3",
    "config_file": "/opt/unosynth/conf/unosynth.properties",
    "app_jar": "/opt/unosynth/pipeline-jobs-app.jar",
    "spark_defaults": "/opt/unosynth/conf/spark-defaults.conf",
}
EMR_PARAMS = {
    "output_uri": "s3://my-bucket/unosynth/run1",
    "categories": "1,2,3",
    "config_file": "s3://my-bucket/unosynth/conf/unosynth.properties",
    "app_jar": "s3://my-bucket/unosynth/jars/pipeline-jobs-spark35-app.jar",
}
DATAPROC_PARAMS = {
    "output_uri": "gs://my-bucket/unosynth/run1",
    "categories": "1,2,3",
    "config_file": "gs://my-bucket/unosynth/conf/unosynth.properties",
    "app_jar": "gs://my-bucket/unosynth/jars/pipeline-jobs-spark35-app.jar",
    "project_id": "my-project",
    "region": "us-central1",
    "cluster_name": "unosynth-gpu",
}

# On YARN (EMR, Dataproc) the driver runs in the cluster: the config file is shipped with --files under this name
# and the stage reads it from the driver's working directory.
SHIPPED_CONFIG = "unosynth-run.properties"


def unosynth_args(stage, config_file="{{ params.config_file }}"):
    """The application arguments of one stage: the stage command and the options every stage takes."""
    return [stage, "--conf", config_file, "--out", "{{ params.output_uri }}",
            "--categories", "{{ params.categories }}"]


def coevolve_step_ids(rounds=COEVOLUTION_ROUNDS):
    """Every step of the loop, in order: r1.plan .. rN.evaluate."""
    return ["r%d.%s" % (r, step) for r in range(1, rounds + 1) for step in COEVOLUTION_STEPS]


def coevolve_args(step_id, config_file="{{ params.config_file }}"):
    """The application arguments of one step of the loop."""
    training = ["--set", "train.devices=auto"] if step_id.split(".", 1)[1] in TRAIN_STEPS else []
    return ["coevolve", "--rounds", str(COEVOLUTION_ROUNDS), "--step", step_id, "--conf", config_file,
            "--out", "{{ params.output_uri }}", "--categories", "{{ params.categories }}"] + training


def emr_steps(stages):
    """AddJobFlowSteps Steps: one command-runner.jar spark-submit per stage, run in order; a failure cancels the rest."""
    return [{
        "Name": "unosynth " + stage,
        "ActionOnFailure": "CANCEL_AND_WAIT",
        "HadoopJarStep": {
            "Jar": "command-runner.jar",
            "Args": ["spark-submit", "--deploy-mode", "cluster", "--class", MAIN_CLASS,
                     "--files", "{{ params.config_file }}#" + SHIPPED_CONFIG,
                     "{{ params.app_jar }}"] + unosynth_args(stage, SHIPPED_CONFIG),
        },
    } for stage in stages]


def dataproc_job(stage):
    """A Dataproc v1 Job (spark_job) running one stage on the cluster named by the cluster_name param."""
    return {
        "reference": {"project_id": "{{ params.project_id }}"},
        "placement": {"cluster_name": "{{ params.cluster_name }}"},
        "spark_job": {
            "main_class": MAIN_CLASS,
            "jar_file_uris": ["{{ params.app_jar }}"],
            "file_uris": ["{{ params.config_file }}#" + SHIPPED_CONFIG],
            "args": unosynth_args(stage, SHIPPED_CONFIG),
        },
    }


def deploy_file(*parts):
    """A recipe file of deploy/ (emr/, dataproc/): next to this file when copied flat into a dags folder, else in
    $UNOSYNTH_DEPLOY_DIR, else in this checkout's deploy/."""
    candidates = [os.path.join(os.path.dirname(os.path.abspath(__file__)), parts[-1])]
    if os.environ.get("UNOSYNTH_DEPLOY_DIR"):
        candidates.append(os.path.join(os.environ["UNOSYNTH_DEPLOY_DIR"], *parts))
    candidates.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", *parts))
    for candidate in candidates:
        if os.path.isfile(candidate):
            return candidate
    raise FileNotFoundError("Cannot find unosynth recipe file %s in %s" % (os.path.join(*parts), candidates))


def load_json(*parts):
    with open(deploy_file(*parts), encoding="utf-8") as f:
        return json.load(f)


def all_argument_lists():
    """Every unosynth argument list the DAGs submit, by DAG and task, with the params each DAG renders them with."""
    return {
        "unosynth_synthesis": {"params": PARAMS,
                               "tasks": {s: unosynth_args(s) for s in SYNTHESIS_STAGES}},
        "unosynth_coevolution": {"params": PARAMS,
                                 "tasks": {s: coevolve_args(s) for s in coevolve_step_ids()}},
        "unosynth_emr": {"params": EMR_PARAMS,
                         "tasks": {step["Name"]: step["HadoopJarStep"]["Args"][step["HadoopJarStep"]["Args"].index(
                             "{{ params.app_jar }}") + 1:] for step in emr_steps(SYNTHESIS_STAGES)}},
        "unosynth_dataproc": {"params": DATAPROC_PARAMS,
                              "tasks": {s: dataproc_job(s)["spark_job"]["args"] for s in SYNTHESIS_STAGES}},
    }


if __name__ == "__main__":
    print(json.dumps({"argument_lists": all_argument_lists(), "emr_steps": emr_steps(SYNTHESIS_STAGES),
                      "dataproc_jobs": {s: dataproc_job(s) for s in SYNTHESIS_STAGES},
                      "shipped_config": SHIPPED_CONFIG}, indent=1))
