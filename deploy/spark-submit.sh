#!/usr/bin/env bash
# Submits one unosynth stage (or `run`, the whole pipeline) to a cluster with Spark's own spark-submit, the
# application jar and the documented cluster defaults (conf/spark-defaults.conf). Only assembles the command.
#
#   deploy/spark-submit.sh [spark-submit options --] <stage> [unosynth options]
#   deploy/spark-submit.sh --master spark://head:7077 -- plan --out s3a://bucket/unosynth/run1
#
# Environment: SPARK_HOME (required), UNOSYNTH_APP_JAR (default: the built pipeline-jobs-*-app.jar),
# UNOSYNTH_SPARK_CONF (default: conf/spark-defaults.conf), UNOSYNTH_WITH_S3A=1 to ship the S3A connector jars
# (pipeline-jobs/target/s3a-connector/) with --jars, for a Spark without hadoop-aws; UNOSYNTH_WITH_DJL=1 to ship
# libtorch (pipeline-jobs/target/djl-native/) for models on the DJL/TorchScript backend.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

submit_options=()
if [[ " $* " == *" -- "* ]]; then
  while [[ "$1" != "--" ]]; do submit_options+=("$1"); shift; done
  shift
fi
if [[ $# -lt 1 ]]; then
  echo "usage: deploy/spark-submit.sh [spark-submit options --] <stage> [unosynth options]" >&2
  exit 2
fi
if [[ -z "${SPARK_HOME:-}" || ! -x "$SPARK_HOME/bin/spark-submit" ]]; then
  echo "deploy/spark-submit.sh: cannot find \$SPARK_HOME/bin/spark-submit (SPARK_HOME=${SPARK_HOME:-unset});" \
    "install Spark 4.1 for Scala 2.13 and set SPARK_HOME" >&2
  exit 2
fi
app_jar="${UNOSYNTH_APP_JAR:-$(ls "$home"/pipeline-jobs/target/pipeline-jobs-*-app.jar 2>/dev/null | head -n 1 || true)}"
if [[ -z "$app_jar" || ! -f "$app_jar" ]]; then
  echo "deploy/spark-submit.sh: application jar not found (${app_jar:-none}); build it: mvn -B -q package -DskipTests" >&2
  exit 2
fi
if [[ "${UNOSYNTH_WITH_S3A:-0}" == 1 ]]; then
  s3a_jars="$(ls "$home"/pipeline-jobs/target/s3a-connector/*.jar 2>/dev/null | paste -s -d , - || true)"
  if [[ -z "$s3a_jars" ]]; then
    echo "deploy/spark-submit.sh: no S3A connector jars in pipeline-jobs/target/s3a-connector; build: mvn -B -q package -DskipTests" >&2
    exit 2
  fi
  submit_options=(--jars "$s3a_jars" "${submit_options[@]}")
fi
if [[ "${UNOSYNTH_WITH_DJL:-0}" == 1 ]]; then
  djl_jars="$(ls "$home"/pipeline-jobs/target/djl-native/*.jar 2>/dev/null | paste -s -d , - || true)"
  if [[ -z "$djl_jars" ]]; then
    echo "deploy/spark-submit.sh: no libtorch jar in pipeline-jobs/target/djl-native; build: mvn -B -q package -DskipTests" >&2
    exit 2
  fi
  submit_options=(--jars "$djl_jars" "${submit_options[@]}")
fi

exec "$SPARK_HOME/bin/spark-submit" \
  --properties-file "${UNOSYNTH_SPARK_CONF:-$home/conf/spark-defaults.conf}" \
  --class io.unosynth.jobs.cli.Unosynth \
  ${submit_options[@]+"${submit_options[@]}"} \
  "$app_jar" "$@"
