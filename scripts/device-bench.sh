#!/usr/bin/env bash
# Runs on the lent GPU machine (no JDK, no network; README "Performance") over the parts that
# scripts/device-payload.sh builds; each device call carries one part:
#   scripts/device-bench.sh unpack           unpacks every .device/part*.tar.xz this call carried into
#                                            /tmp/faceembed-payload (a part unpacked before, same bytes, is skipped);
#                                            the machine keeps /tmp only while it stays warm, so unpack at once
#   scripts/device-bench.sh run [ARGS...]    checks that every part is there, finds the device's CUDA 13 and cuDNN 9
#                                            (the nvidia-* wheels beside python3, or under FACEEMBED_CUDA_ROOTS),
#                                            runs `faceembed bench` with the payload's JRE; ARGS go to the bench
#                                            (e.g. --folders 10000 --images 1000); report.json, bench.log, gpu.txt
#                                            and env.txt go to $OUT; exits as java did
set -euo pipefail
P=/tmp/faceembed-payload
OUT_DIR="${OUT:-/tmp/faceembed-out}"
# What the CUDA provider of ONNX Runtime 1.28 links (readelf -d), and what loads beside them when found.
CUDA_LIBS=(libcublasLt.so.13 libcublas.so.13 libcudart.so.13 libcudnn.so.9)
CUDA_OPTIONAL=(libnvrtc.so.13 libnvJitLink.so.13)

unpack_part() { # PART: xz and GNU tar where there are, else Python's lzma and tarfile
  if command -v xz >/dev/null && [[ "$(tar --version 2>/dev/null)" == *GNU* ]]; then
    xz -dc -T0 "$1" | tar -xi -C "$P"
  else
    python3 - "$1" "$P" <<'EOF'
import lzma, sys, tarfile
with lzma.open(sys.argv[1]) as f, tarfile.open(fileobj=f, mode="r|", ignore_zeros=True) as t:
    t.extractall(sys.argv[2], **({"filter": "tar"} if hasattr(tarfile, "tar_filter") else {}))
EOF
  fi
}

find_libs() { # NAMES...: "name path" of each found under /opt/torch/.venv and python3's site-packages, nvidia/ first
  local roots=(/opt/torch/.venv ${FACEEMBED_CUDA_ROOTS:-}) expr=() name
  command -v python3 >/dev/null && mapfile -t -O "${#roots[@]}" roots < <(python3 -c \
    'import site; print("\n".join(site.getsitepackages() + [site.getusersitepackages()]))' 2>/dev/null || true)
  for name in "$@"; do expr+=(${expr[0]:+-o} -name "$name"); done
  find "${roots[@]}" \( "${expr[@]}" \) \( -type f -o -type l \) 2>/dev/null \
    | awk '{print (index($0, "/nvidia/") ? 0 : 1) "\t" $0}' | sort | cut -f2- \
    | awk -F/ '!seen[$NF]++ {print $NF, $0}' || true
}

check_libs() { # MODE ENV_FILE: the device's CUDA 13 + cuDNN 9 for the natives; sets LD_LIBRARY_PATH; 1 if one lacks
  local mode="$1" env="$2" libs="$P/native:$P/syslib" found f lib linked missing=()
  : > "$env"
  if [[ $mode == gpu ]]; then
    found="$(find_libs "${CUDA_LIBS[@]}" "${CUDA_OPTIONAL[@]}" 'libcudnn_*.so.9')"
    for lib in "${CUDA_LIBS[@]}" "${CUDA_OPTIONAL[@]}"; do
      f="$(awk -v l="$lib" '$1 == l {print $2}' <<< "$found")"
      echo "$lib: ${f:-none}" >> "$env"
      if [[ -z $f ]]; then
        [[ " ${CUDA_LIBS[*]} " == *" $lib "* ]] && missing+=("$lib")
      elif [[ ":$libs:" != *":$(dirname "$f"):"* ]]; then
        libs+=":$(dirname "$f")"
      fi
    done
    grep '^libcudnn_' <<< "$found" >> "$env" || true
    if [[ -n ${FACEEMBED_HIDE_NVRTC:-} ]]; then
      # Only the libraries the provider needs, without NVRTC: cuDNN then cannot compile engines at run time
      libs="$P/native:$P/syslib:$P/cudalibs"
      rm -rf "$P/cudalibs" && mkdir -p "$P/cudalibs"
      awk '$1 !~ /^libnvrtc/ {print $2}' <<< "$found" | while read -r f; do ln -sf "$f" "$P/cudalibs/"; done
      echo "NVRTC hidden: $(ls "$P/cudalibs" | tr '\n' ' ')" >> "$env"
    fi
    if (( ${#missing[@]} )); then
      cat "$env" >&2
      echo "device-bench: no ${missing[*]} under /opt/torch/.venv or python3's site-packages" >&2
      return 1
    fi
  fi
  export LD_LIBRARY_PATH="$libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH" >> "$env"
  # (the bytedeco runtime has no symbol versions, which the JNI library's references accept with a warning)
  linked="$(for so in "$P"/native/*.so; do ldd "$so" 2>&1 | grep -v 'no version information' \
    | grep -E 'not found|error' | sed "s|^|$(basename "$so"): |" || true; done)"
  echo "ldd of the ONNX Runtime natives: ${linked:-every library found}" >> "$env"
  if [[ -n $linked ]]; then
    cat "$env" >&2
    echo "device-bench: a library the ONNX Runtime natives link is missing (above)" >&2
    return 1
  fi
}

case "${1:-}" in
  unpack)
    mkdir -p "$P/.unpacked"
    shopt -s nullglob
    parts=(.device/part*.tar.xz)
    (( ${#parts[@]} )) || { echo "device-bench: no .device/part*.tar.xz in this call" >&2; exit 1; }
    for part in "${parts[@]}"; do
      name="$(basename "$part" .tar.xz)"
      sum="$(sha1sum "$part" | cut -d' ' -f1)"
      if [[ "$(cat "$P/.unpacked/$name" 2>/dev/null)" == "$sum" ]]; then
        echo "device-bench: $name already unpacked"
        continue
      fi
      t0=$(date +%s.%N)
      unpack_part "$part"
      echo "$sum" > "$P/.unpacked/$name"
      printf 'device-bench: %s (%s) unpacked in %.1f s: %s\n' "$name" "$(du -h "$part" | cut -f1)" \
        "$(echo "$(date +%s.%N) $t0" | awk '{print $1 - $2}')" "$(cut -d: -f2- "$P/.parts/$name")"
    done
    du -sh "$P"
    # As soon as the natives are here, whether the device's libraries satisfy them: known before the last part
    if [[ -d "$P/native" && -f "$P/MODE" ]]; then
      mkdir -p "$OUT_DIR"
      check_libs "$(cat "$P/MODE")" "$OUT_DIR/env.txt" && cat "$OUT_DIR/env.txt" || true
    fi ;;

  run)
    shift
    [[ -f "$P/.parts/count" ]] || { echo "device-bench: nothing unpacked in $P: send the parts first" >&2; exit 1; }
    n="$(cat "$P/.parts/count")"; missing=()
    for ((k = 1; k <= n; k++)); do
      [[ -f "$P/.parts/part$k" ]] || missing+=("part$k")
    done
    if (( ${#missing[@]} )); then
      echo "device-bench: missing ${missing[*]} of $n: carry .device/<part>.tar.xz and run scripts/device-bench.sh" \
        "unpack (the machine may have gone cold since)" >&2
      exit 1
    fi
    if [[ "$(cut -d: -f1 "$P"/.parts/part* | sort -u | wc -l)" != 1 ]]; then
      echo "device-bench: parts of different builds in $P:" >&2; cat "$P"/.parts/part* >&2; exit 1
    fi
    mkdir -p "$OUT_DIR"
    MODE="$(cat "$P/MODE")"
    check_libs "$MODE" "$OUT_DIR/env.txt" || exit 1
    command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv \
      | tee "$OUT_DIR/gpu.txt" || true
    cat "$OUT_DIR/env.txt"
    # The heap takes 2/5 of the memory (51 GiB of 128), at least 48 GiB (a Firecracker machine's MemTotal starts
    # low and grows as memory is used): ONNX Runtime's arenas and CUDA's host buffers live outside it
    mem_gib=$(awk '/MemTotal/ {print int($2 / 1048576)}' /proc/meminfo)
    xmx=$(( mem_gib * 2 / 5 > 48 ? mem_gib * 2 / 5 : 48 ))
    classpath="$P/lib/*"
    [[ -f .device/override.jar ]] && classpath="$PWD/.device/override.jar:$classpath"
    name="${FACEEMBED_RUN:-report}"
    export JAVA_HOME="$P/jre" PATH="$P/jre/bin:$PATH"
    # Spark's driver binds to the host name's address: on a machine without network that may not resolve
    export SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_HOSTNAME=localhost
    set +e
    ${FACEEMBED_TIMEOUT:+timeout --kill-after=10 "$FACEEMBED_TIMEOUT"} \
      "$P/jre/bin/java" ${FACEEMBED_JAVA_OPTS:--Xmx${xmx}g} @"$P/conf/jvm-spark.args" \
      -Donnxruntime.native.path="$P/native" -Dlog4j2.configurationFile="$P/conf/log4j2-local.properties" \
      -Dfaceembed.cuda.options="${FACEEMBED_CUDA_OPTIONS:-}" \
      -cp "$classpath" io.faceembed.cli.FaceEmbed bench --device "$MODE" --source "$P/images" \
      --models-dir "$P/models" --work-dir /tmp/faceembed-bench --report "$OUT_DIR/$name.json" \
      --peer-images 0 "$@" 2>&1 | tee "$OUT_DIR/$name.log"
    exit "${PIPESTATUS[0]}" ;;

  probe)
    probe=(--folders 1000 --images 200 --job-images 2000 --model-batch 64 --sweep 1,16,64,128
      --skip stages,baseline,listing,planning,sinks)
    set +e
    FACEEMBED_RUN=probe-default FACEEMBED_TIMEOUT=80 "$0" run "${probe[@]}"
    FACEEMBED_RUN=probe-nonvrtc FACEEMBED_TIMEOUT=80 FACEEMBED_HIDE_NVRTC=1 "$0" run "${probe[@]}"
    FACEEMBED_RUN=probe-nhwc FACEEMBED_TIMEOUT=80 FACEEMBED_CUDA_OPTIONS=prefer_nhwc=1 "$0" run "${probe[@]}"
    exit 0 ;;

  measure)
    # fp32: every stage on 500 images, each network alone at six batch sizes in fp32 and fp16, the job on a tree
    # of 10,000 folders (~20,000 images, local[cores], Delta) with nvidia-smi sampled, and the same job with the
    # networks taken out; then the job alone in fp16. Each run has its own time limit, so one that hangs leaves
    # the other's figures.
    # (FACEEMBED_MEASURE_JOB and FACEEMBED_MEASURE_SWEEP shrink it for the dry run here)
    read -ra job <<< "${FACEEMBED_MEASURE_JOB:---folders 10000 --images 500 --job-images 20000 --model-batch 64}"
    set +e
    FACEEMBED_RUN=gpu-fp32 FACEEMBED_TIMEOUT=270 "$0" run "${job[@]}" --verbose \
      --sweep "${FACEEMBED_MEASURE_SWEEP:-1,16,32,64,128,256}" --cpu-ceiling
    a=$?
    FACEEMBED_RUN=gpu-fp16 FACEEMBED_TIMEOUT=120 "$0" run "${job[@]}" --verbose --precision fp16 \
      --skip stages,baseline,listing,planning,sinks
    b=$?
    echo "device-bench: measure: fp32 run exited $a, fp16 run $b"
    exit $(( a != 0 ? a : b )) ;;

  *)
    echo "usage: scripts/device-bench.sh unpack | run [bench options] | probe | measure" >&2
    exit 2 ;;
esac
