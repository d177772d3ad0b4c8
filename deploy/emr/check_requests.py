"""Validates the EMR recipes against the EMR API model with botocore's own parameter validator (offline: botocore
ships the service models). Checks run-job-flow.json as a RunJobFlow request, add-job-flow-steps.json as an
AddJobFlowSteps request, and the steps the Airflow DAG builds (deploy/airflow/unosynth_dag_config.py) rendered with
its default params. Usage: python3 deploy/emr/check_requests.py [DIR] (DIR holding the two JSON files, default: this
folder); exit 0 when all are valid, 1 with botocore's report.
"""

import json
import os
import sys

import botocore.session
from botocore.validate import ParamValidator

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "airflow"))
import unosynth_dag_config as unosynth  # noqa: E402


def render(value, params):
    text = json.dumps(value)
    for name, param in params.items():
        text = text.replace("{{ params.%s }}" % name, param)
    return json.loads(text)


def main(directory):
    model = botocore.session.get_session().get_service_model("emr")
    validator = ParamValidator()
    with open(os.path.join(directory, "run-job-flow.json"), encoding="utf-8") as f:
        run_job_flow = json.load(f)
    with open(os.path.join(directory, "add-job-flow-steps.json"), encoding="utf-8") as f:
        add_steps = json.load(f)
    dag_steps = {"JobFlowId": "j-EXAMPLECLUSTER",
                 "Steps": render(unosynth.emr_steps(unosynth.SYNTHESIS_STAGES), unosynth.EMR_PARAMS)}
    requests = [
        ("RunJobFlow", "run-job-flow.json", run_job_flow),
        ("AddJobFlowSteps", "add-job-flow-steps.json", add_steps),
        ("AddJobFlowSteps", "steps of the unosynth_emr DAG", dag_steps),
    ]
    failed = False
    for operation, source, request in requests:
        report = validator.validate(request, model.operation_model(operation).input_shape)
        if report.has_errors():
            failed = True
            print("INVALID %s (%s):\n%s" % (source, operation, report.generate_report()))
        else:
            print("valid %s (%s)" % (source, operation))
    if dag_steps != add_steps:
        failed = True
        print("INVALID add-job-flow-steps.json: differs from the steps the unosynth_emr DAG builds")
    print("botocore %s, EMR API %s" % (botocore.__version__, model.api_version))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else HERE))
