#!/usr/bin/env bash
# Packs what `bin/faceembed bench --device gpu` needs on a machine with a GPU, no JDK and no network (the lent
# device machine; README "Performance"): a jlink'd JRE, the classes and jars of the GPU build with
# ONNX Runtime's natives beside them, the CUDA 12 + cuDNN 9 libraries that onnxruntime_gpu links (from Maven
# Central's org.bytedeco:cuda redist jar), the models, and LFW images to build the bench tree from. The result is
# one xz stream cut into parts of at most 60 MiB under .device/ (git-ignored), each small enough to travel with
# one device call; scripts/device-bench.sh puts them together there.
#   scripts/device-payload.sh          GPU payload (downloads ~2.5 GB of jars into ~/.m2 once)
#   scripts/device-payload.sh --cpu    the same without CUDA, with the CPU build: checks the mechanics here
# FACEEMBED_PAYLOAD_CUDNN=0 leaves cuDNN out (~600 MB): device-bench.sh then takes the device's own cuDNN 9 (the
# nvidia-cudnn wheel beside its PyTorch). Measured 2026-11-30: the whole GPU payload is 2.8 GB, 18 parts at xz -6.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MODE=gpu
[[ "${1:-}" == "--cpu" ]] && MODE=cpu
IMAGES="${FACEEMBED_PAYLOAD_IMAGES:-1500}"   # LFW images in the payload; the bench's tree cycles through them
SOURCE="$ROOT/../shared/faces/lfw-dev/images"
CUDA_REDIST=org.bytedeco:cuda:12.6-9.5-1.5.11:jar:linux-x86_64-redist
# What onnxruntime_gpu's CUDA provider loads (conf/README.md); cuDNN 9 comes as these parts.
CUDA_LIBS=(libcudart.so.12 libcublas.so.12 libcublasLt.so.12 libcurand.so.10 libcufft.so.11 libcudnn.so.9
  libcudnn_graph.so.9 libcudnn_ops.so.9 libcudnn_cnn.so.9 libcudnn_engines_precompiled.so.9
  libcudnn_engines_runtime_compiled.so.9 libcudnn_heuristic.so.9 libnvrtc.so.12 libnvrtc-builtins.so.12.6)

WORK="$ROOT/target-device"
STAGE="$WORK/payload"
rm -rf "$STAGE" "$ROOT/.device"
mkdir -p "$STAGE"/{lib,native,cuda,models,images,conf} "$ROOT/.device"

echo "device-payload: building the $MODE classes and their classpath" >&2
PROFILE=(); [[ $MODE == gpu ]] && PROFILE=(-Pgpu)
mvn -q -B -ntp "${PROFILE[@]}" -DbuildDir=target-device/build compile dependency:build-classpath \
  -DincludeScope=compile -Dmdep.outputFile="$WORK/classpath" >&2
(cd "$WORK/build/classes" && jar cf0 "$STAGE/lib/faceembed.jar" .)
tr ':' '\n' < "$WORK/classpath" | while read -r jar; do
  case "$(basename "$jar")" in
    onnxruntime*.jar)
      # The natives go beside the jar (onnxruntime.native.path): the GPU jar is 445 MB of them, compressed.
      unzip -q -o -j "$jar" 'ai/onnxruntime/native/linux-x64/*' -d "$STAGE/native"
      cp "$jar" "$STAGE/lib/" && zip -q -d "$STAGE/lib/$(basename "$jar")" 'ai/onnxruntime/native/*' ;;
    *) cp "$jar" "$STAGE/lib/" ;;
  esac
done
# Jars stored, not deflated: xz then compresses their classes together, to about 2/3 of what the jars weigh.
for jar in "$STAGE"/lib/*.jar; do
  tmp="$(mktemp -d)"
  (cd "$tmp" && unzip -q -o "$jar" && rm "$jar" && zip -q -0 -r -X "$jar" .)
  rm -rf "$tmp"
done

if [[ $MODE == gpu ]]; then
  echo "device-payload: CUDA 12 libraries from $CUDA_REDIST" >&2
  mvn -q -B -ntp dependency:copy -Dartifact="$CUDA_REDIST" -DoutputDirectory="$WORK" >&2
  redist="$(ls "$WORK"/cuda-*-linux-x86_64-redist.jar)"
  for lib in "${CUDA_LIBS[@]}"; do
    [[ "${FACEEMBED_PAYLOAD_CUDNN:-1}" == 0 && $lib == libcudnn* ]] && continue
    unzip -q -o -j "$redist" "org/bytedeco/cuda/linux-x86_64/$lib" -d "$STAGE/cuda"
  done
fi

echo "device-payload: JRE, models, $IMAGES images" >&2
jlink --add-modules ALL-MODULE-PATH --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$STAGE/jre"
bin/faceembed models install >&2
cp models/*.onnx models/*.manifest.json "$STAGE/models/"
mapfile -t jpegs < <(find "$SOURCE" -type f -name '*.jpg' | sort)
for f in "${jpegs[@]:0:$IMAGES}"; do
  d="$STAGE/images/$(basename "$(dirname "$f")")"; mkdir -p "$d"; cp "$f" "$d/"
done
cp conf/jvm-spark.args conf/log4j2-local.properties "$STAGE/conf/"
echo "$MODE" > "$STAGE/MODE"

echo "device-payload: compressing $(du -sh "$STAGE" | cut -f1)" >&2
tar -C "$WORK" -cf - payload | xz -T0 -"${FACEEMBED_PAYLOAD_XZ:-6}" | split -b 60M -d -a 2 - "$ROOT/.device/payload.tar.xz.part-"
ls -la "$ROOT/.device" >&2
echo "device-payload: $(ls "$ROOT/.device" | wc -l) parts; send each with one call, then run it (scripts/device-bench.sh)" >&2
