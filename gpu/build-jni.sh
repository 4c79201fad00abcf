#!/usr/bin/env bash
# gpu/build-jni.sh: DJL v0.36.0's PyTorch JNI (libdjl_torch.so) compiled against the libtorch of a Python
# PyTorch, with that torch's headers, C++ ABI and C++ standard, as torch.utils.cpp_extension compiles extensions.
# The JNI is plain C++ (no CUDA kernels); CUDA's headers are used where found, for the two calls DJL guards with
# USE_CUDA (TorchScript on a side stream, emptyCache), and left out otherwise.
#
# usage: gpu/build-jni.sh --kit DIR --out FILE [--python python3]
#   --kit  the unpacked kit of ./scope gpu-pack (djl/native, djl/include, jre/include)
#   --out  where the library goes: for DJL, $DJL_CACHE_DIR/pytorch/2.7.1-cu128-linux-x86_64/0.36.0-libdjl_torch.so
set -euo pipefail
kit="" out="" python=python3
while [ $# -gt 0 ]; do
  case "$1" in
    --kit) kit="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
    *) echo "gpu/build-jni.sh: unknown option '$1'." >&2; exit 2 ;;
  esac
done
[ -d "$kit/djl/native" ] && [ -f "$kit/jre/include/jni.h" ] || { echo "gpu/build-jni.sh: --kit $kit is not an unpacked gpu-pack kit." >&2; exit 2; }
[ -n "$out" ] || { echo "gpu/build-jni.sh: --out is required." >&2; exit 2; }
torch_dir="$("$python" -c 'import os, torch; print(os.path.dirname(torch.__file__))')"
std="$(grep -o 'CXX_STANDARD [0-9]*' "$torch_dir/share/cmake/Torch/TorchConfig.cmake" 2>/dev/null | head -n 1 | awk '{print $2}')"
std="${std:-17}"
abi="$("$python" -c 'import torch; print(int(torch._C._GLIBCXX_USE_CXX11_ABI))')"
incs="$("$python" -c 'from torch.utils import cpp_extension as c; print(" ".join("-I" + p for p in c.include_paths()))')"
cuda_incs="$("$python" - <<'PY' 2>/dev/null || true
from torch.utils import cpp_extension as c
try:
    paths = c.include_paths(device_type='cuda')
except TypeError:
    paths = c.include_paths(cuda=True)
print(" ".join("-I" + p for p in paths))
PY
)"
objs="$(mktemp -d)"
trap 'rm -rf "$objs"' EXIT
echo "torch $torch_dir; C++$std; _GLIBCXX_USE_CXX11_ABI=$abi; g++ $(g++ -dumpfullversion); $(nproc) jobs"
echo "CUDA includes: ${cuda_incs:-none found: built without USE_CUDA}"
export SCOPE_CXX="g++ -c -O2 -fPIC -w -std=c++$std -D_GLIBCXX_USE_CXX11_ABI=$abi -I$kit/jre/include -I$kit/jre/include/linux -I$kit/djl/include -I$kit/djl/native"
export SCOPE_INCS="$incs" SCOPE_CUDA_INCS="$cuda_incs" SCOPE_OBJS="$objs"
# each source with USE_CUDA where CUDA's headers are found, else (or if that fails) without
ls "$kit"/djl/native/*.cc | xargs -P "$(nproc)" -I{} bash -c '
  src="{}"; o="$SCOPE_OBJS/$(basename "$src" .cc).o"
  if [ -n "$SCOPE_CUDA_INCS" ] && $SCOPE_CXX -DUSE_CUDA $SCOPE_CUDA_INCS "$src" -o "$o" 2>"$o.cuda.err"; then
    echo "compiled $(basename "$src") with USE_CUDA"; touch "$o.cuda"
  elif $SCOPE_CXX $SCOPE_INCS "$src" -o "$o" 2>"$o.err"; then
    echo "compiled $(basename "$src")${SCOPE_CUDA_INCS:+ without USE_CUDA ($(grep -m 1 error "$o.cuda.err"))}"
  else
    echo "FAILED $(basename "$src"):"; grep -m 20 -A 3 error "$o.err"; exit 255
  fi'
libs=(-ltorch -ltorch_cpu -lc10)
ls "$objs"/*.o.cuda >/dev/null 2>&1 && libs+=(-ltorch_cuda -lc10_cuda)
mkdir -p "$(dirname "$out")"
g++ -shared -o "$out.incomplete" "$objs"/*.o -L"$torch_dir/lib" -Wl,-rpath,"$torch_dir/lib" "${libs[@]}"
mv "$out.incomplete" "$out"
echo "linked $out ($(du -h "$out" | cut -f1)) against ${libs[*]} in $torch_dir/lib"
