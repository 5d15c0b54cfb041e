#!/usr/bin/env bash
# Submit faceembed to a Spark cluster (YARN, Kubernetes or standalone). Build the jar first:
#   mvn -B -DskipTests package      ->  target/faceembed-<version>-cluster.jar (Spark provided by the cluster)
# Models: run `bin/faceembed models install` once and put models/ where every executor can read it
# (HDFS/S3/DBFS path, or --files), then pass --models-dir.
# Usage: submit/spark-submit.sh --folder s3a://bucket/faces --recursive --store jdbc:postgresql://db:5432/faces
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$(ls "$ROOT"/target/faceembed-*-cluster.jar 2>/dev/null | head -1)"
[[ -n "$JAR" ]] || { echo "submit: build the cluster jar first: mvn -B -DskipTests package" >&2; exit 2; }

exec spark-submit \
  --class io.faceembed.cli.FaceEmbed \
  --master "${SPARK_MASTER:-yarn}" \
  --deploy-mode "${DEPLOY_MODE:-client}" \
  --properties-file "$ROOT/conf/spark-defaults-gpu.conf" \
  --files "$ROOT/conf/getGpusResources.sh" \
  --conf spark.executorEnv.FACEEMBED_JDBC_PASSWORD="${FACEEMBED_JDBC_PASSWORD:-}" \
  "$JAR" embed --device auto "$@"
