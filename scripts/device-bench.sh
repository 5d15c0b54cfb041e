#!/usr/bin/env bash
# Runs on the device machine (no JDK, no network), over parts made by scripts/device-payload.sh:
#   scripts/device-bench.sh stash            keeps the .device/ parts this call carried (the machine keeps /tmp
#                                            while it stays warm: send the next part within its idle time)
#   scripts/device-bench.sh run [ARGS...]    puts the parts together and runs the bench on the GPU; the report
#                                            and log go to $OUT. ARGS go to `faceembed bench` (e.g. --folders 20000)
set -euo pipefail
PARTS=/tmp/faceembed-parts
HOME_DIR=/tmp/faceembed-payload
case "${1:-}" in
  stash)
    mkdir -p "$PARTS"
    cp .device/payload.tar.xz.part-* "$PARTS/"
    ls -la "$PARTS" ;;
  run)
    shift
    if [[ ! -d "$HOME_DIR/payload" ]]; then
      mkdir -p "$HOME_DIR"
      cat "$PARTS"/payload.tar.xz.part-* | xz -d -T0 | tar -x -C "$HOME_DIR"
    fi
    P="$HOME_DIR/payload"
    DEVICE=gpu; [[ "$(cat "$P/MODE")" == cpu ]] && DEVICE=cpu
    export LD_LIBRARY_PATH="$P/cuda:$P/native${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    if [[ $DEVICE == gpu && ! -e "$P/cuda/libcudnn.so.9" ]]; then
      # A payload without cuDNN: the device's own cuDNN 9 (same soname), from the wheel beside PyTorch.
      cudnn="$(python3 -c 'import nvidia.cudnn, os; print(os.path.join(list(nvidia.cudnn.__path__)[0], "lib"))')"
      export LD_LIBRARY_PATH="$LD_LIBRARY_PATH:$cudnn"
    fi
    OUT_DIR="${OUT:-/tmp/faceembed-out}"; mkdir -p "$OUT_DIR"
    command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv \
      | tee "$OUT_DIR/gpu.txt"
    set -o pipefail
    "$P/jre/bin/java" ${FACEEMBED_JAVA_OPTS:--Xmx48g} @"$P/conf/jvm-spark.args" \
      -Donnxruntime.native.path="$P/native" -Dlog4j2.configurationFile="$P/conf/log4j2-local.properties" \
      -cp "$P/lib/*" io.faceembed.cli.FaceEmbed bench --device "$DEVICE" --source "$P/images" \
      --models-dir "$P/models" --work-dir /tmp/faceembed-bench --report "$OUT_DIR/report.json" \
      --peer-images 0 "$@" 2>&1 | tee "$OUT_DIR/bench.log" ;;
  *)
    echo "usage: scripts/device-bench.sh stash | run [bench options]" >&2
    exit 2 ;;
esac
