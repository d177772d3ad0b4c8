"""unosynth synthesis chain on an existing Spark cluster: one SparkSubmitOperator per stage, in order.

Needs apache-airflow-providers-apache-spark and a Spark connection (conn id `spark_default`: the master URL, e.g.
spark://head:7077 or yarn). The application jar and config file must be readable where spark-submit runs (the
Airflow worker). Stages resume from their shard markers, so a retried or re-triggered run redoes only missing shards.
"""

import pendulum
from airflow import DAG
from airflow.models.param import Param
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

import unosynth_dag_config as unosynth

with DAG(
    dag_id="unosynth_synthesis",
    description="unosynth: plan -> generate -> filter -> score -> select -> export -> report",
    schedule=None,
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    params={name: Param(value, type="string") for name, value in unosynth.PARAMS.items()},
    tags=["unosynth"],
) as dag:
    previous = None
    for stage in unosynth.SYNTHESIS_STAGES:
        task = SparkSubmitOperator(
            task_id=stage,
            conn_id="spark_default",
            application="{{ params.app_jar }}",
            java_class=unosynth.MAIN_CLASS,
            application_args=unosynth.unosynth_args(stage),
            # The cluster defaults of conf/spark-defaults.conf (Java 17 opens, memory, GPU scheduling).
            properties_file="{{ params.spark_defaults }}",
            name="unosynth " + stage,
        )
        if previous is not None:
            previous >> task
        previous = task
