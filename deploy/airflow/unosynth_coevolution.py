"""unosynth model-data co-evolution on an existing Spark cluster: one task per step of `unosynth coevolve`.

Each task submits `unosynth coevolve --rounds N --step rR.<step>` (README "Model-data co-evolution"): the steps run
in the order the command itself runs them, each reads its inputs and the models trained before it from the output
URI, and a task that fails is retried alone (its stage resumes on its own shards and checkpoints). The training
steps run in the Spark driver, so they are submitted in cluster mode with a GPU for the driver.
"""

import pendulum
from airflow import DAG
from airflow.models.param import Param
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

import unosynth_dag_config as unosynth

with DAG(
    dag_id="unosynth_coevolution",
    description="unosynth co-evolution: data, Stage I, expand, Stage II, evaluate; per round",
    schedule=None,
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    params={name: Param(value, type="string") for name, value in unosynth.PARAMS.items()},
    tags=["unosynth"],
) as dag:
    previous = None
    for step in unosynth.coevolve_step_ids():
        training = step.split(".", 1)[1] in unosynth.TRAIN_STEPS
        task = SparkSubmitOperator(
            task_id=step,
            conn_id="spark_default",
            application="{{ params.app_jar }}",
            java_class=unosynth.MAIN_CLASS,
            application_args=unosynth.coevolve_args(step),
            properties_file="{{ params.spark_defaults }}",
            conf=unosynth.TRAIN_SUBMIT_CONF if training else None,
            name="unosynth coevolve " + step,
        )
        if previous is not None:
            previous >> task
        previous = task
