"""unosynth on a transient EMR GPU cluster: create cluster -> add one spark-submit step per stage -> wait for the
last step -> terminate (always, trigger rule ALL_DONE).

Needs apache-airflow-providers-amazon and an AWS connection (`aws_default`). The cluster request is
deploy/emr/run-job-flow.json (GPU instance groups, YARN GPU scheduling, spark-defaults); the steps are built by
unosynth_dag_config.emr_steps, the same shape as deploy/emr/add-job-flow-steps.json. EMR 7.x runs Spark 3.5: submit
the Spark 3.5 application jar (README "Which jar for which platform").
"""

import pendulum
from airflow import DAG
from airflow.exceptions import AirflowException
from airflow.decorators import task
from airflow.models.param import Param
from airflow.providers.amazon.aws.operators.emr import (
    EmrAddStepsOperator,
    EmrCreateJobFlowOperator,
    EmrTerminateJobFlowOperator,
)
from airflow.providers.amazon.aws.sensors.emr import EmrStepSensor
from airflow.utils.trigger_rule import TriggerRule

import unosynth_dag_config as unosynth

with DAG(
    dag_id="unosynth_emr",
    description="unosynth on a transient EMR GPU cluster",
    schedule=None,
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    params={name: Param(value, type="string") for name, value in unosynth.EMR_PARAMS.items()},
    tags=["unosynth"],
) as dag:
    create_cluster = EmrCreateJobFlowOperator(
        task_id="create_cluster",
        job_flow_overrides=unosynth.load_json("emr", "run-job-flow.json"),
    )
    cluster_id = "{{ task_instance.xcom_pull(task_ids='create_cluster', key='return_value') }}"
    add_steps = EmrAddStepsOperator(
        task_id="add_steps",
        job_flow_id=cluster_id,
        steps=unosynth.emr_steps(unosynth.SYNTHESIS_STAGES),
    )
    # Steps run one after another and a failure cancels the rest, so the last step's end is the chain's end.
    watch_last_step = EmrStepSensor(
        task_id="watch_last_step",
        job_flow_id=cluster_id,
        step_id="{{ task_instance.xcom_pull(task_ids='add_steps', key='return_value')[-1] }}",
        poke_interval=60,
        mode="reschedule",
    )
    terminate_cluster = EmrTerminateJobFlowOperator(
        task_id="terminate_cluster",
        job_flow_id=cluster_id,
        trigger_rule=TriggerRule.ALL_DONE,
    )

    # terminate_cluster succeeds even when a stage failed; this leaf makes the run fail then.
    @task(trigger_rule=TriggerRule.ONE_FAILED, retries=0)
    def fail_if_a_task_failed():
        raise AirflowException("An upstream task failed; the cluster was terminated anyway")

    create_cluster >> add_steps >> watch_last_step >> terminate_cluster
    [create_cluster, add_steps, watch_last_step, terminate_cluster] >> fail_if_a_task_failed()
