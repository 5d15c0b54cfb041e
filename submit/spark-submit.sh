#!/usr/bin/env bash
# Submit faceembed to a Spark cluster (YARN, Kubernetes or standalone). Build the jar first:
#   mvn -B -DskipTests package      ->  target/faceembed-<version>-cluster.jar (Spark provided by the cluster;
#   FACEEMBED_JAR=PATH names another)
# Models: the driver reads --models-dir (local folder or any Hadoop URI) and ships the files the pipeline needs to
# the executors itself (as broadcasts); executors need no copy. In cluster deploy mode give a Hadoop URI.
# Usage: submit/spark-submit.sh --folder s3a://bucket/faces --recursive --store jdbc:postgresql://db:5432/faces
# Where: SPARK_MASTER (default yarn; spark://host:7077 for standalone, k8s://https://host:443 for Kubernetes),
# DEPLOY_MODE (default client); SPARK_OPTS adds spark-submit options, e.g. for Kubernetes
#   SPARK_OPTS="--conf spark.kubernetes.container.image=REPO/spark:4.0.1-java17"
# Optional: RAPIDS_JAR=/path/rapids-4-spark_2.13-26.08.1.jar switches on the RAPIDS SQL plugin; ORT_NATIVES=DIR
# (on every executor) gives ONNX Runtime GPU natives (conf/README.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${FACEEMBED_JAR:-$(ls "$ROOT"/target/faceembed-*-cluster.jar 2>/dev/null | head -1)}"
[[ -f "$JAR" ]] || { echo "submit: build the cluster jar first: mvn -B -DskipTests package" >&2; exit 2; }

extra=()
if [[ -n "${RAPIDS_JAR:-}" ]]; then
  extra+=(--jars "$RAPIDS_JAR" --conf spark.plugins=com.nvidia.spark.SQLPlugin)
fi
if [[ -n "${ORT_NATIVES:-}" ]]; then
  extra+=(--conf "spark.executor.extraJavaOptions=-Donnxruntime.native.path=$ORT_NATIVES")
fi

# The executors write to PostgreSQL: they get the password from a properties file only this user can read, never
# on the command line, where ps shows it to every user of the machine.
props="$ROOT/conf/spark-defaults-gpu.conf"
if [[ -n "${FACEEMBED_JDBC_PASSWORD:-}" ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  props="$tmp/spark-defaults.conf"
  (umask 077 && { cat "$ROOT/conf/spark-defaults-gpu.conf"
    printf '\nspark.executorEnv.FACEEMBED_JDBC_PASSWORD %s\n' "${FACEEMBED_JDBC_PASSWORD//\\/\\\\}"; } > "$props")
fi

# shellcheck disable=SC2206 # SPARK_OPTS is a list of options, split on spaces as a user writes it
user_opts=(${SPARK_OPTS:-})

spark-submit \
  --class io.faceembed.cli.FaceEmbed \
  --master "${SPARK_MASTER:-yarn}" \
  --deploy-mode "${DEPLOY_MODE:-client}" \
  --properties-file "$props" \
  --files "$ROOT/conf/getGpusResources.sh" \
  ${extra[@]+"${extra[@]}"} \
  ${user_opts[@]+"${user_opts[@]}"} \
  "$JAR" embed --device auto "$@"
