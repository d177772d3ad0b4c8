"""unosynth co-evolution chain on an existing Spark cluster: the data stages that exist today.

The co-evolution loop generates data, trains on it on a GPU node, and generates the next round with the trained
model. Only the data stages exist yet; this DAG runs them (plan -> ... -> export) and stops there.
"""

import pendulum
from airflow import DAG
from airflow.models.param import Param
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

import unosynth_dag_config as unosynth

with DAG(
    dag_id="unosynth_coevolution",
    description="unosynth co-evolution: data stages (training to follow)",
    schedule=None,
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    params={name: Param(value, type="string") for name, value in unosynth.PARAMS.items()},
    tags=["unosynth"],
) as dag:
    previous = None
    for stage in unosynth.COEVOLUTION_STAGES:
        task = SparkSubmitOperator(
            task_id=stage,
            conn_id="spark_default",
            application="{{ params.app_jar }}",
            java_class=unosynth.MAIN_CLASS,
            application_args=unosynth.unosynth_args(stage),
            properties_file="{{ params.spark_defaults }}",
            name="unosynth " + stage,
        )
        if previous is not None:
            previous >> task
        previous = task

    # ---- TRAINING GOES HERE (not built yet) --------------------------------------------------------------------
    # When the trainer exists (issue 12), add its task after `export` on a GPU node, reading <output_uri>/export,
    # then a second generate round with the trained model. No placeholder task is defined: a DAG that appears to
    # train but does not would be worse than none.
