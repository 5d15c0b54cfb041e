#!/usr/bin/env bash
# Packs what `faceembed bench --device gpu` needs on the lent GPU machine (no JDK, no network; README
# "Performance") into a few parts under .device/ (git-ignored), each an independent .tar.xz of at most 60 MiB that
# travels with one device call and unpacks there at once (scripts/device-bench.sh unpack):
#   - ONNX Runtime's natives: the CUDA build of org.bytedeco:onnxruntime 1.28.0 (CUDA 13, cuDNN 9), its CUDA
#     provider cut to the H100/H200's sm_90 kernels by scripts/FatbinSlim.java (238 MB -> 39 MB at xz -6), under
#     the JNI library of our ONNX Runtime 1.23.2's GPU jar; the device's own CUDA 13 + cuDNN 9 wheels do the rest;
#   - a jlink'd JRE of the modules a bench run loads, plus libjpeg.so.62, liblcms2.so.2 and libz.so.1 that Debian's
#     JRE links and another distribution may lack;
#   - the CPU build's classpath, jars stored (xz then packs their classes together), less the jars no class of which
#     a local bench run and a 12-commit Delta run load, and other platforms' natives;
#   - the models, FACEEMBED_PAYLOAD_IMAGES (default 400) LFW images in their person folders, the JVM and log4j
#     settings, and MODE (gpu or cpu).
# Each of those is compressed alone; the parts are filled from the largest down (a part is a concatenation of xz
# streams of tar archives: `xz -dc part | tar -xi`). The plan of device calls is printed at the end.
#   scripts/device-payload.sh          the GPU payload (3 parts; ~4 minutes on the 2-core development machine)
#   scripts/device-payload.sh --cpu    the same with the CPU natives: checks the mechanics here (device-bench.sh run)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MODE=gpu
[[ "${1:-}" == "--cpu" ]] && MODE=cpu
IMAGES="${FACEEMBED_PAYLOAD_IMAGES:-400}"
SOURCE="$ROOT/../shared/faces/lfw-dev/images"
XZ_LEVEL="${FACEEMBED_PAYLOAD_XZ:-6}"
LIMIT=$((60 * 1024 * 1024))
ORT_GPU=org.bytedeco:onnxruntime:1.28.0-1.5.14:jar:linux-x86_64-gpu
SM=90   # H100 and H200
# Modules a bench run loads classes from (-Xlog:class+load over `bench` and 12 `embed` runs), and a few small ones
# that only a path not taken here would (EC crypto, charsets, zip file system, SASL, scripting).
MODULES=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.security.jgss,java.sql
MODULES+=,java.xml,jdk.jfr,jdk.localedata,jdk.management,jdk.management.jfr,jdk.net,jdk.security.auth
MODULES+=,jdk.unsupported,jdk.crypto.ec,jdk.charsets,jdk.zipfs,java.security.sasl,java.scripting
# Jars (by artifactId) none of whose classes loaded in a local `bench --peer-images 0 --folders 300 --images 200`
# and 12 `embed --limit` runs into one Delta table (a checkpoint at commit 10, read by the next two): RocksDB and
# LevelDB (Spark's disk stores, unused in local mode), ORC, Avro, ZooKeeper and Curator, Jersey/HK2 (the UI's REST
# API), Netty's HTTP, DNS, SSL and native transports, Tink, commons-math3, Arrow's format, DataSketches and the rest
# below; also Spark MLlib and what only it brings (breeze, spire, arpack, ...: 41 MB), which only the notebook API
# io.faceembed.ml loads. Our own dependencies stay whether a run loads them or not (EXIF, PostgreSQL, the tfjs
# converter), and so does zstd-jni (Spark's other codec; its Linux x86-64 library only).
DROP=(rocksdbjni leveldbjni-all orc-core orc-format orc-mapreduce orc-shims hive-storage-api
  avro avro-ipc avro-mapred zookeeper zookeeper-jute curator-client curator-framework curator-recipes audience-annotations
  jersey-client jersey-common jersey-hk2 jersey-container-servlet hk2-api hk2-locator hk2-utils
  aopalliance-repackaged osgi-resource-locator javassist jakarta.ws.rs-api jakarta.validation-api
  jakarta.annotation-api jakarta.inject-api javax.annotation-api
  netty-all netty-codec-http netty-codec-http2 netty-codec-dns netty-codec-socks netty-handler-proxy
  netty-resolver-dns netty-tcnative-boringssl-static netty-tcnative-classes netty-transport-classes-epoll
  netty-transport-classes-kqueue netty-transport-native-epoll netty-transport-native-kqueue
  tink commons-math3 commons-collections commons-compress commons-crypto compress-lzf aircompressor xz
  datasketches-java datasketches-memory arrow-format arrow-memory-netty arrow-memory-netty-buffer-patch
  flatbuffers-java jjwt-api jjwt-impl jjwt-jackson gson threeten-extra univocity-parsers xmlschema-core
  json4s-scalap_2.13 scala-parser-combinators_2.13 spark-sketch_2.13 chill-java minlog objenesis pickle py4j oro
  metrics-graphite metrics-jmx metrics-jvm jackson-datatype-jsr310 jcl-over-slf4j jsr305 annotations
  error_prone_annotations j2objc-annotations listenablefuture
  spark-mllib_2.13 spark-mllib-local_2.13 spark-graphx_2.13 spark-streaming_2.13 breeze_2.13 breeze-macros_2.13
  spire_2.13 spire-macros_2.13 spire-util_2.13 spire-platform_2.13 algebra_2.13 cats-kernel_2.13 JTransforms
  JLargeArrays arpack arpack_combined_all lapack blas jaxb-runtime jaxb-core jakarta.xml.bind-api
  jakarta.activation-api istack-commons-runtime opencsv)
# What Debian's JRE links beyond glibc and libstdc++ and a bench run loads (JPEG decoding, colour profiles, zip).
SYSLIBS=(libjpeg.so.62 liblcms2.so.2 libz.so.1)

WORK="$ROOT/target-device"
STAGE="$WORK/payload"
started=$SECONDS
BUILD="$(date -u +%Y%m%d-%H%M%S)"
rm -rf "$STAGE" "$WORK"/comp-* "$ROOT/.device"
mkdir -p "$STAGE"/{lib,native,syslib,models,images,conf} "$ROOT/.device"

echo "device-payload: classes and classpath of the CPU build" >&2
mvn -q -B -ntp -DbuildDir=target-device/build compile dependency:build-classpath \
  -DincludeScope=compile -Dmdep.outputFile="$WORK/classpath" >&2
(cd "$WORK/build/classes" && jar --create --file "$STAGE/lib/faceembed.jar" --no-compress .)

echo "device-payload: jars, stored, without the unused ones and other platforms' natives" >&2
tr ':' '\n' < "$WORK/classpath" > "$WORK/classpath.lines"
python3 - "$WORK/classpath.lines" "$STAGE/lib" "${DROP[@]}" <<'EOF' >&2
import os, re, sys, zipfile
lines, out, drop = sys.argv[1], sys.argv[2], set(sys.argv[3:])
native = re.compile(r'\.(so|dll|dylib|jnilib|a)$|\.so\.[0-9.]+$')
linux64 = re.compile(r'(^|/)[Ll]inux[-/](x86_64|amd64|x64)/')
kept = dropped = stripped = 0
for jar in open(lines).read().split():
    artifact = os.path.basename(os.path.dirname(os.path.dirname(jar)))
    if artifact in drop:
        dropped += os.path.getsize(jar)
        continue
    with zipfile.ZipFile(jar) as zin, zipfile.ZipFile(os.path.join(out, os.path.basename(jar)), 'w') as zout:
        for info in zin.infolist():
            n = info.filename
            # ONNX Runtime's natives travel beside the jars (onnxruntime.native.path)
            if n.startswith('ai/onnxruntime/native/') or (native.search(n) and not linux64.search(n)):
                stripped += info.file_size
                continue
            zout.writestr(info, zin.read(info), compress_type=zipfile.ZIP_STORED)
    kept += 1
print(f"  {kept} jars kept; dropped {dropped / 1e6:.1f} MB of unused jars and {stripped / 1e6:.1f} MB of natives")
EOF

echo "device-payload: ONNX Runtime natives ($MODE)" >&2
CPU_JAR="$(grep '/onnxruntime-[0-9.]*\.jar$' "$WORK/classpath.lines")"
ORT_VERSION="$(basename "$(dirname "$CPU_JAR")")"
if [[ $MODE == gpu ]]; then
  # The JNI library of the CPU jar answers addCUDA with "This binary was not compiled with CUDA support": the GPU
  # jar's (same version, same classes; 445 MB downloaded once for its 80 kB) calls the runtime's CUDA entry point
  mvn -q -B -ntp dependency:copy -Dartifact="$ORT_GPU" -DoutputDirectory="$WORK" >&2
  mvn -q -B -ntp dependency:copy -Dartifact="com.microsoft.onnxruntime:onnxruntime_gpu:$ORT_VERSION" \
    -DoutputDirectory="$WORK" >&2
  unzip -q -o -j "$WORK/onnxruntime_gpu-$ORT_VERSION.jar" ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so \
    -d "$STAGE/native"
  dir=org/bytedeco/onnxruntime/linux-x86_64-gpu
  unzip -q -o -j "$WORK"/onnxruntime-*-linux-x86_64-gpu.jar "$dir/libonnxruntime.so.1" \
    "$dir/libonnxruntime_providers_shared.so" "$dir/libonnxruntime_providers_cuda.so" -d "$WORK/ort-gpu"
  mv "$WORK/ort-gpu/libonnxruntime.so.1" "$STAGE/native/libonnxruntime.so"
  mv "$WORK/ort-gpu/libonnxruntime_providers_shared.so" "$STAGE/native/"
  java "$ROOT/scripts/FatbinSlim.java" "$WORK/ort-gpu/libonnxruntime_providers_cuda.so" \
    "$STAGE/native/libonnxruntime_providers_cuda.so" "$SM" >&2
else
  unzip -q -o -j "$CPU_JAR" ai/onnxruntime/native/linux-x64/libonnxruntime.so \
    ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so -d "$STAGE/native"
fi
ln -s libonnxruntime.so "$STAGE/native/libonnxruntime.so.1"   # the soname, for LD_LIBRARY_PATH look-ups

echo "device-payload: JRE" >&2
jlink --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=0 --output "$STAGE/jre"
for lib in "${SYSLIBS[@]}"; do
  cp -L "$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ {print $NF; exit}')" "$STAGE/syslib/$lib"
done

echo "device-payload: models, $IMAGES images" >&2
[[ -n "$(ls models/*.onnx 2>/dev/null)" ]] || bin/faceembed models install >&2
cp models/*.onnx models/*.manifest.json "$STAGE/models/"
mapfile -t jpegs < <(find "$SOURCE" -type f -name '*.jpg' | sort | head -n "$IMAGES")
for f in "${jpegs[@]}"; do
  d="$STAGE/images/$(basename "$(dirname "$f")")"; mkdir -p "$d"; cp "$f" "$d/"
done
cp conf/jvm-spark.args conf/log4j2-local.properties "$STAGE/conf/"
echo "$MODE" > "$STAGE/MODE"

echo "device-payload: compressing (xz -$XZ_LEVEL)" >&2
declare -A CONTENTS=([natives]="native" [jre]="jre syslib" [models]="models" [images]="images conf MODE")
# The jars (448 MB stored, 78 MB compressed) in chunks of about 75 MB stored, each 8-12 MB compressed: pieces
# that small fill the room the natives leave in their part (with 150 MB chunks the same payload took 4 parts)
k=0
while read -r chunk; do
  CONTENTS[jars$((++k))]="$chunk"
done < <(cd "$STAGE" && stat -c '%s %n' lib/*.jar | sort -rn | python3 -c '
import math, sys
jars = [line.split() for line in sys.stdin]
chunks = [[0, []] for _ in range(math.ceil(sum(int(s) for s, _ in jars) / 75e6))]
for size, name in jars:  # largest first, each into the lightest chunk
    c = min(chunks, key=lambda c: c[0]); c[0] += int(size); c[1].append(name)
for _, names in chunks: print(" ".join(sorted(names)))')
for c in "${!CONTENTS[@]}"; do
  # shellcheck disable=SC2086
  { tar -C "$STAGE" -cf - ${CONTENTS[$c]} | xz -T1 -"$XZ_LEVEL" > "$WORK/comp-$c.tar.xz" && touch "$WORK/comp-$c.ok"; } &
  while (( $(jobs -rp | wc -l) >= $(nproc) )); do wait -n || true; done
done
wait
for c in "${!CONTENTS[@]}"; do
  [[ -f "$WORK/comp-$c.ok" ]] || { echo "device-payload: compressing $c failed" >&2; exit 1; }
done
# Largest first, each into the first part it fits (a part's own label is a few hundred bytes)
mapfile -t comps < <(for c in "${!CONTENTS[@]}"; do echo "$(stat -c %s "$WORK/comp-$c.tar.xz") $c"; done | sort -rn)
declare -a fill=() members=()
for line in "${comps[@]}"; do
  size=${line% *}; c=${line#* }
  (( size <= LIMIT - 65536 )) || { echo "device-payload: $c alone is $size bytes, over 60 MiB" >&2; exit 1; }
  for ((k = 0; ; k++)); do
    if (( ${fill[k]:-0} + size <= LIMIT - 65536 )); then
      fill[k]=$(( ${fill[k]:-0} + size )); members[k]="${members[k]:-} $c"; break
    fi
  done
done
N=${#fill[@]}
for ((k = 0; k < N; k++)); do
  p=$((k + 1))
  label="$WORK/label/.parts"; rm -rf "$WORK/label"; mkdir -p "$label"
  echo "build $BUILD: part $p of $N:${members[k]}" > "$label/part$p"
  echo "$N" > "$label/count"
  { tar -C "$WORK/label" -cf - .parts | xz -6
    for c in ${members[k]}; do cat "$WORK/comp-$c.tar.xz"; done; } > "$ROOT/.device/part$p.tar.xz"
done

echo "device-payload: $MODE payload, $(du -sh "$STAGE" | cut -f1) unpacked, $N parts, built in $((SECONDS - started)) s:"
for ((k = 0; k < N; k++)); do
  p=$((k + 1))
  printf '  .device/part%d.tar.xz  %5.1f MiB  %s\n' "$p" \
    "$(stat -c %s "$ROOT/.device/part$p.tar.xz" | awk '{print $1 / 1048576}')" "${members[k]# }"
done
echo "device calls (carry the part; each call unpacks it at once, as the machine keeps /tmp only while warm):"
for ((p = 1; p < N; p++)); do
  echo "  call $p: carry [\".device/part$p.tar.xz\"]  run: scripts/device-bench.sh unpack"
done
echo "  call $N: carry [\".device/part$N.tar.xz\"]  run: scripts/device-bench.sh unpack &&" \
  "scripts/device-bench.sh run --folders 10000 --images 1000"
