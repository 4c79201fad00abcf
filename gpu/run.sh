#!/usr/bin/env bash
# gpu/run.sh: the scope on a GPU, proven in one call. On a machine with a CUDA PyTorch in python3 and no Java
# or network, from the repository root and the pack that ./scope gpu-pack made:
#   1 build     DJL v0.36.0's PyTorch JNI compiled against this machine's libtorch (torch's own headers, ABI
#               and C++ standard), placed where DJL looks for the 2.7.1 cu128 JNI in its cache
#   2 fixtures  ./scope forward --device gpu on the fixture CLIP and SAEs, compared with transformers' results
#               (fixtures/expected.safetensors) and with the CPU results packed on the build machine
#   3 hub       a random full-size CLIP ViT-L/14 and 65,536-latent SAE written by transformers and torch.save in the
#               hub's formats, forward on GPU and CPU, compared with PyTorch's outputs on the same weights
#   4 bench     ./scope bench --device gpu beside gpu/peer.py (transformers + clipscope's math), in this run
#   5 notebook  the quickstart through the kernel, where this machine and the pack allow it
# and leaves report.md, bench.md, bench.json, logs.tar.gz and the built JNI in --out.
#
# usage: gpu/run.sh [--device gpu|cpu] [--pack .gpu-pack] [--out DIR] [--steps build,fixtures,hub,bench,notebook]
#                   [--budget SECONDS] [--jni FILE] [--rebuild]
#   --device cpu  a dry run of the same plumbing on a machine without CUDA: no JNI build (DJL's own CPU natives
#                 from ./scope's cache are used), small benchmark shapes, and no steps that need CUDA
#   --budget      stop starting steps when this many seconds have passed (default 560: inside a 600 s call)
#   --jni         a libdjl_torch.so an earlier run built on this kind of machine (its --out has one); without it,
#                 one in the pack folder (copy it there: the folder travels) or in the kit is used before building
#   --rebuild     build the JNI even when one of those is there
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DJL_VERSION=0.36.0
PT_VERSION=2.7.1     # the libtorch version DJL 0.36 is built for; with PYTORCH_LIBRARY_PATH it only names the cache folder
PT_FLAVOR=cu128

device=gpu pack="$ROOT/.gpu-pack" out="${OUT:-$ROOT/gpu-out}" steps=build,fixtures,hub,bench,notebook budget=560 rebuild=0 jni=""
while [ $# -gt 0 ]; do
  case "$1" in
    --device) device="$2"; shift 2 ;;
    --pack) pack="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    --budget) budget="$2"; shift 2 ;;
    --rebuild) rebuild=1; shift ;;
    --jni) jni="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
    *) echo "gpu/run.sh: unknown option '$1'; see gpu/run.sh --help." >&2; exit 2 ;;
  esac
done
case "$device" in gpu|cpu) ;; *) echo "gpu/run.sh: --device is gpu or cpu, not '$device'." >&2; exit 2 ;; esac
[ -f "$pack/kit.tar.xz" ] || { echo "gpu/run.sh: no $pack/kit.tar.xz; make it with ./scope gpu-pack and carry it." >&2; exit 2; }
cd "$ROOT"
START=$(date +%s)
WORK="$(mktemp -d /tmp/scope-gpu.XXXXXX)"
LOGS="$WORK/logs"
mkdir -p "$LOGS" "$out"
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
# OpenMP threads sleep while they wait, as ./scope has them: the CPU passes share the machine with the JVM and Python
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"

# --- the report: a status table (one row per check) and sections, rewritten into --out after every step
STATUS="$WORK/status.md" SECTIONS="$WORK/sections.md"
: >"$STATUS"; : >"$SECTIONS"
failed=0
row() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" >>"$STATUS"; [ "$2" = FAIL ] && failed=$((failed + 1)); publish; }
section() { { echo; echo "### $1"; echo; echo '```'; cat; echo '```'; } >>"$SECTIONS"; }
publish() {
  {
    echo "# scope on a GPU: gpu/run.sh --device $device"
    echo
    cat "$WORK/env.md" 2>/dev/null
    echo
    echo "| check | status | seconds | note |"
    echo "|---|---|---:|---|"
    cat "$STATUS"
    cat "$SECTIONS"
    if [ -f "$out/bench.md" ]; then echo; echo "### benchmark"; echo; cat "$out/bench.md"; fi
  } >"$out/report.md.incomplete"
  mv "$out/report.md.incomplete" "$out/report.md"
}
finish() {
  tar -C "$WORK" -czf "$out/logs.tar.gz.incomplete" logs 2>/dev/null && mv "$out/logs.tar.gz.incomplete" "$out/logs.tar.gz"
  publish
  echo
  echo "== gpu/run.sh --device $device: $(( $(date +%s) - START )) s; $failed check(s) failed"
  column -t -s '|' "$STATUS" 2>/dev/null || cat "$STATUS"
}
trap finish EXIT
left() { echo $(( budget - ($(date +%s) - START) )); }

# run NAME CAP CMD...: the command under a time limit (CAP, or the budget left), its output in logs/NAME.log
run() {
  local name="$1" cap="$2"; shift 2
  local limit; limit=$(left)
  [ "$limit" -gt "$cap" ] && limit=$cap
  if [ "$limit" -lt 10 ]; then echo "(no time left in the budget)" >"$LOGS/$name.log"; return 124; fi
  timeout --kill-after=10 "$limit" "$@" >"$LOGS/$name.log" 2>&1
}
# check NAME CAP NOTE CMD...: a check that passes when CMD exits 0; its output becomes a report section
check() {
  local name="$1" cap="$2" note="$3"; shift 3
  local t0 rc; t0=$(date +%s)
  run "$name" "$cap" "$@"; rc=$?
  local status=PASS; [ $rc -eq 0 ] || status=FAIL; [ $rc -eq 124 ] && note="$note (timed out)"
  row "$name" "$status" $(( $(date +%s) - t0 )) "$note"
  section "$name" <"$LOGS/$name.log"
  return $rc
}
# info NAME CAP NOTE CMD...: figures to read, not a check (float16 against float32, say)
info() {
  local name="$1" cap="$2" note="$3"; shift 3
  local t0; t0=$(date +%s)
  run "$name" "$cap" "$@"
  row "$name" INFO $(( $(date +%s) - t0 )) "$note"
  section "$name" <"$LOGS/$name.log"
}
skip() { row "$1" SKIP 0 "$2"; }
want() { [[ ",$steps," == *",$1,"* ]]; }

# --- the kit
tar -C "$WORK" -xJf "$pack/kit.tar.xz" 2>/dev/null \
  || python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$pack/kit.tar.xz" "$WORK" \
  || { echo "gpu/run.sh: could not unpack $pack/kit.tar.xz (neither tar with xz nor python3's tarfile)" >&2; exit 1; }
KIT="$WORK/kit"
JAVA="$KIT/jre/bin/java"
have_torch() { python3 -c 'import torch, transformers, safetensors' >/dev/null 2>&1; }
cuda_torch() { python3 -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' >/dev/null 2>&1; }
{
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); machine: $(uname -m), $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "- GPU: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo none)"
  echo "- python3: $(python3 -c 'import sys, torch; print(sys.version.split()[0], "torch", torch.__version__, "CUDA", torch.version.cuda, "cuda available:", torch.cuda.is_available())' 2>/dev/null || echo 'no torch')"
  echo "- transformers: $(python3 -c 'import transformers; print(transformers.__version__)' 2>/dev/null || echo none); nvcc: $( (nvcc --version 2>/dev/null || echo none) | tail -n 1); g++: $(g++ --version 2>/dev/null | head -n 1 || echo none)"
  echo "- java: $("$JAVA" -version 2>&1 | head -n 1)"
  echo "- kit: $(head -n 1 "$KIT/MANIFEST.txt"); $(sed -n 3p "$KIT/MANIFEST.txt")"
} >"$WORK/env.md"
publish

# --- DJL's libtorch: this machine's PyTorch (gpu), or DJL's CPU natives extracted by ./scope (cpu)
export DJL_CACHE_DIR="$WORK/djl"
# a heap of its own size: the GPU machine's memory grows as it is used, so a default sized from it can start small
JAVA_OPTS=(-Xmx8g -Djava.awt.headless=true -Dai.djl.offline=true)
if [ "$device" = gpu ]; then
  TORCH_DIR="$(python3 -c 'import os, torch; print(os.path.dirname(torch.__file__))' 2>/dev/null)"
  [ -n "$TORCH_DIR" ] || { row setup FAIL 0 "python3 has no torch: a CUDA PyTorch is needed"; exit 1; }
  export PYTORCH_LIBRARY_PATH="$TORCH_DIR/lib" PYTORCH_VERSION=$PT_VERSION PYTORCH_FLAVOR=$PT_FLAVOR
  JNI_DIR="$DJL_CACHE_DIR/pytorch/$PT_VERSION-$PT_FLAVOR-linux-x86_64"
  # DJL counts GPUs through libcudart, found by JNA by its plain name; torch's is versioned, beside its CUDA libraries
  cudart="$(ldd "$TORCH_DIR/lib/libtorch_cuda.so" 2>/dev/null | awk '/libcudart/ {print $3; exit}')"
  if [ -n "$cudart" ] && [ -f "$cudart" ]; then
    mkdir -p "$WORK/cudart" && ln -sf "$cudart" "$WORK/cudart/libcudart.so"
    JAVA_OPTS+=("-Djna.library.path=$WORK/cudart")
  fi
else
  cpu_natives="$(ls -d "${SCOPE_DJL_CACHE:-$ROOT/.cache/djl}"/pytorch/*-cpu-linux-x86_64 2>/dev/null | head -n 1)"
  [ -n "$cpu_natives" ] && [ -f "$cpu_natives/libtorch.so" ] \
    || { row setup FAIL 0 "no DJL CPU natives in .cache/djl: run ./scope forward once (it extracts them)"; exit 1; }
  export PYTORCH_LIBRARY_PATH="$cpu_natives" PYTORCH_VERSION=$PT_VERSION PYTORCH_FLAVOR=cpu
fi
# ./scope's CLI on the packed runtime and jars, as a command that timeout can run
mkdir -p "$WORK/bin"
{
  echo '#!/usr/bin/env bash'
  printf 'exec %q' "$JAVA"; printf ' %q' "${JAVA_OPTS[@]}" -cp "$KIT/lib/*" dev.scope.cli.ScopeCli; echo ' "$@"'
} >"$WORK/bin/scope"
chmod +x "$WORK/bin/scope"
export PATH="$WORK/bin:$PATH"

# --- 1 build
if [ "$device" = cpu ]; then
  skip build "--device cpu: DJL's own libtorch $PT_VERSION CPU natives and JNI from $PYTORCH_LIBRARY_PATH"
elif prebuilt="$(ls "$jni" "$pack/$DJL_VERSION-libdjl_torch.so" "$KIT/jni/$DJL_VERSION-libdjl_torch.so" 2>/dev/null | head -n 1)" \
    && [ -n "$prebuilt" ] && [ $rebuild = 0 ]; then
  mkdir -p "$JNI_DIR" && cp "$prebuilt" "$JNI_DIR/$DJL_VERSION-libdjl_torch.so"
  skip build "using $prebuilt, built by an earlier run; --rebuild builds it again"
elif want build; then
  if check build 300 "DJL $DJL_VERSION JNI against this machine's libtorch → $JNI_DIR" \
        gpu/build-jni.sh --kit "$KIT" --out "$JNI_DIR/$DJL_VERSION-libdjl_torch.so"; then
    cp "$JNI_DIR/$DJL_VERSION-libdjl_torch.so" "$out/"
  else
    exit 1
  fi
else
  skip build "not in --steps"
fi

# --- 2 fixtures: the tiny CLIP and SAEs of fixtures/, pixel values as transformers made them and image files
F=fixtures
FIX=(--clip $F/tiny-clip --saes $F/tiny-scope --layers 2,5)
PIXELS=(--pixel-values $F/expected.safetensors:pixel_values)
IMAGES="$(tr '\n' , <"$KIT/reference/images.txt" | sed 's/,$//')"
R="$WORK/results"
mkdir -p "$R"
engine_ok=1
if want fixtures; then
  if check "fixtures: forward $device float32" 120 "the fixture CLIP to layers 2 and 5 and its SAEs, 5 images" \
        scope forward "${FIX[@]}" "${PIXELS[@]}" --device $device --out "$R/fix-$device-f32.safetensors"; then
    check "fixtures: $device vs transformers" 60 "float32 against fixtures/expected.safetensors (transformers, clipscope; torch 2.11 CPU)" \
        scope compare --ours "$R/fix-$device-f32.safetensors" --reference $F/expected.safetensors
    check "fixtures: $device vs packed CPU" 60 "against the pack's CPU results (DJL's libtorch $PT_VERSION CPU, build machine)" \
        scope compare --ours "$R/fix-$device-f32.safetensors" --reference "$KIT/reference/fixtures-cpu.safetensors" --gaps $F/expected.safetensors
    run "fixtures: forward batch 2" 120 scope forward "${FIX[@]}" "${PIXELS[@]}" --device $device --batch 2 --out "$R/fix-$device-f32-b2.safetensors"
    check "fixtures: batches of 2 vs one batch" 60 "--batch 2 (3 passes) against one pass of 5" \
        scope compare --ours "$R/fix-$device-f32-b2.safetensors" --reference "$R/fix-$device-f32.safetensors" --gaps $F/expected.safetensors
    run "fixtures: forward images" 120 scope forward "${FIX[@]}" --images "$IMAGES" --device $device --out "$R/img-$device-f32.safetensors"
    check "fixtures: image files, $device vs packed CPU" 60 "the 5 fixture images decoded and preprocessed by the engine" \
        scope compare --ours "$R/img-$device-f32.safetensors" --reference "$KIT/reference/images-cpu.safetensors"
    run "fixtures: forward float16" 120 scope forward "${FIX[@]}" "${PIXELS[@]}" --device $device --dtype float16 --out "$R/fix-$device-f16.safetensors"
    info "fixtures: float16 vs transformers" 60 "what --dtype float16 changes on $device (float16 weights$([ $device = gpu ] && echo ' and arithmetic'))" \
        scope compare --ours "$R/fix-$device-f16.safetensors" --reference $F/expected.safetensors
    if [ "$device" = gpu ]; then
      run "fixtures: forward this machine's CPU" 120 scope forward "${FIX[@]}" "${PIXELS[@]}" --device cpu --out "$R/fix-cpu-here.safetensors"
      check "fixtures: this machine's CPU vs transformers" 60 "the same JNI and libtorch on the CPU" \
          scope compare --ours "$R/fix-cpu-here.safetensors" --reference $F/expected.safetensors
    fi
  else
    engine_ok=0
  fi
else
  skip fixtures "not in --steps"
fi

# --- 3 hub: full-size random weights in the hub's own formats, written by transformers and torch.save
if ! want hub; then
  skip hub "not in --steps"
elif [ $engine_ok = 0 ]; then
  skip hub "the engine did not run on the fixtures"
elif ! have_torch || { [ "$device" = gpu ] && ! cuda_torch; }; then
  skip hub "needs torch, transformers and safetensors in python3$([ $device = gpu ] && echo ' with CUDA') (the GPU machine has them)"
else
  H="$WORK/hub"
  torch_device=cuda; [ "$device" = cpu ] && torch_device=cpu
  if check "hub: write weights and PyTorch reference" 180 "CLIP ViT-L/14 (1.7 GB) and one 65,536-latent SAE (537 MB), random; reference on $torch_device, TF32 off" \
        python3 gpu/hub_reference.py --out "$H" --pixels $F/expected.safetensors:pixel_values --layer 22 --device $torch_device; then
    HUB=(--clip "$H/clip" --saes "$H/saes" --layers 22 "${PIXELS[@]}")
    if check "hub: forward $device float32" 180 "to block 22 and its SAE on 5 images" \
          scope forward "${HUB[@]}" --device $device --out "$R/hub-$device-f32.safetensors"; then
      check "hub: $device vs PyTorch" 60 "float32 against transformers + clipscope's math on the same weights" \
          scope compare --ours "$R/hub-$device-f32.safetensors" --reference "$H/reference.safetensors"
    fi
    if [ "$device" = gpu ]; then
      run "hub: forward cpu" 180 scope forward "${HUB[@]}" --device cpu --out "$R/hub-cpu-f32.safetensors" \
        && check "hub: this machine's CPU vs PyTorch" 60 "our engine on the CPU against the same reference" \
          scope compare --ours "$R/hub-cpu-f32.safetensors" --reference "$H/reference.safetensors"
    fi
    run "hub: forward float16" 180 scope forward "${HUB[@]}" --device $device --dtype float16 --out "$R/hub-$device-f16.safetensors" \
      && info "hub: float16 vs PyTorch float32" 60 "what --dtype float16 changes at full size" \
          scope compare --ours "$R/hub-$device-f16.safetensors" --reference "$H/reference.safetensors"
  fi
  rm -rf "$H"
fi

# --- 4 bench: ours beside the peer, on the same device in the same run
if ! want bench; then
  skip bench "not in --steps"
elif [ $engine_ok = 0 ]; then
  skip bench "the engine did not run on the fixtures"
else
  peers=()
  if [ "$device" = gpu ] && have_torch && cuda_torch; then
    for dtype in float32 float16; do
      info "bench: peer $dtype" 150 "gpu/peer.py: transformers' CLIPVisionModel + clipscope's dense SAE, batches 1, 8, 64" \
          python3 gpu/peer.py --dtype $dtype --batches 1,8,64 --json "$WORK/peer-$dtype.json" \
        && [ -f "$WORK/peer-$dtype.json" ] && peers+=("$WORK/peer-$dtype.json")
    done
  else
    skip "bench: peer" "the peer needs a CUDA PyTorch with transformers"
  fi
  quick=(); batches=1,8,64
  [ "$device" = cpu ] && quick=(--quick) && batches=1,2
  peer_arg=(); [ ${#peers[@]} -gt 0 ] && peer_arg=(--peer "$(IFS=,; echo "${peers[*]}")")
  check "bench: ours on $device" 240 "./scope bench --device $device ${quick[*]} --batches $batches, float32 and float16" \
      scope bench --device $device "${quick[@]}" --batches $batches --dtypes float32,float16 "${peer_arg[@]}" \
      --json "$out/bench.json" --markdown "$out/bench.md"
fi

# --- 5 notebook
if ! want notebook; then
  skip notebook "not in --steps"
else
  why="the kit carries no kernel: its jars (Tablesaw, XChart, DuckDB, tokenizers; 149 MiB without PyTorch's natives) exceed one 64 MiB call"
  "$JAVA" --list-modules 2>/dev/null | grep -q '^jdk.jshell' || why="$why; the packed runtime has no JShell, which the kernel compiles cells with"
  python3 -c 'import jupyter_client, nbclient, nbformat' >/dev/null 2>&1 || why="$why; python3 here has no jupyter_client/nbclient/nbformat to drive a kernel"
  skip notebook "$why. Run notebooks/01-quickstart.ipynb with SCOPE_DEVICE=gpu where Jupyter and a JDK are installed (README, GPU notes)"
fi
