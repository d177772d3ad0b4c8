#!/usr/bin/env bash
# Stand-in for Spark's bin/spark-submit, which the Maven jars lack: like bin/spark-class, it asks Spark's launcher
# library for the driver command (applying --properties-file, driver memory and Java options) and runs it.
set -euo pipefail
command_file="$(mktemp)"
trap 'rm -f "$command_file"' EXIT
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main \
  org.apache.spark.deploy.SparkSubmit "$@" > "$command_file"
# The launcher prints "\0\n", then the command's arguments, each ended by "\0".
command=()
while IFS= read -r -d '' arg; do
  command+=("$arg")
done < "$command_file"
command=("${command[@]:1}")
command[0]="${command[0]#$'\n'}"
"${command[@]}"
