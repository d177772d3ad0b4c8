"""unosynth on a transient Dataproc GPU cluster: create cluster -> submit each stage (spark_job) in order -> delete
(always, trigger rule ALL_DONE).

Needs apache-airflow-providers-google and a GCP connection (`google_cloud_default`). The cluster config is
deploy/dataproc/cluster-config.json (GPU accelerators, the GPU driver init action, spark properties); the jobs are
built by unosynth_dag_config.dataproc_job, the same as the steps of deploy/dataproc/workflow-template.json.
Dataproc 2.2 runs Spark 3.5: submit the Spark 3.5 application jar.
"""

import pendulum
from airflow import DAG
from airflow.exceptions import AirflowException
from airflow.decorators import task
from airflow.models.param import Param
from airflow.providers.google.cloud.operators.dataproc import (
    DataprocCreateClusterOperator,
    DataprocDeleteClusterOperator,
    DataprocSubmitJobOperator,
)
from airflow.utils.trigger_rule import TriggerRule

import unosynth_dag_config as unosynth

with DAG(
    dag_id="unosynth_dataproc",
    description="unosynth on a transient Dataproc GPU cluster",
    schedule=None,
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    params={name: Param(value, type="string") for name, value in unosynth.DATAPROC_PARAMS.items()},
    tags=["unosynth"],
) as dag:
    create_cluster = DataprocCreateClusterOperator(
        task_id="create_cluster",
        project_id="{{ params.project_id }}",
        region="{{ params.region }}",
        cluster_name="{{ params.cluster_name }}",
        cluster_config=unosynth.load_json("dataproc", "cluster-config.json"),
    )
    previous = create_cluster
    stage_tasks = []
    for stage in unosynth.SYNTHESIS_STAGES:
        submit = DataprocSubmitJobOperator(
            task_id=stage,
            project_id="{{ params.project_id }}",
            region="{{ params.region }}",
            job=unosynth.dataproc_job(stage),
        )
        previous >> submit
        previous = submit
        stage_tasks.append(submit)
    delete_cluster = DataprocDeleteClusterOperator(
        task_id="delete_cluster",
        project_id="{{ params.project_id }}",
        region="{{ params.region }}",
        cluster_name="{{ params.cluster_name }}",
        trigger_rule=TriggerRule.ALL_DONE,
    )
    previous >> delete_cluster

    # delete_cluster succeeds even when a stage failed; this leaf makes the run fail then.
    @task(trigger_rule=TriggerRule.ONE_FAILED, retries=0)
    def fail_if_a_task_failed():
        raise AirflowException("An upstream task failed; the cluster was deleted anyway")

    [create_cluster, *stage_tasks, delete_cluster] >> fail_if_a_task_failed()
