#!/usr/bin/env bash
# Builds scope, installs its Jupyter kernel and makes the first start fast. binder/postBuild runs it on
# Binder; notebook-tests runs it in a fresh copy of the repository, so both take the same steps.
#
#   binder/install.sh [--sys-prefix | --user | --prefix DIR] [--weights LAYERS]
#
# --weights downloads CLIP and the SAEs of those layers into the Hugging Face cache (best effort: without
# network the first %scope load downloads them instead).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

location=(--user)
weights=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sys-prefix|--user) location=("$1"); shift ;;
    --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder." >&2; exit 2; }
              location=(--prefix "$2"); shift 2 ;;
    --weights) [ $# -ge 2 ] || { echo "install.sh: --weights needs layers, e.g. 22 or 2,5." >&2; exit 2; }
               weights="$2"; shift 2 ;;
    *) echo "install.sh: unknown option '$1'; use --sys-prefix, --user, --prefix DIR or --weights LAYERS." >&2; exit 2 ;;
  esac
done

echo "install.sh: 1/4 building with Maven (fetches the dependencies once)"
mvn -B -ntp -q -Dstyle.color=never package -DskipTests
mkdir -p target && touch target/.scope-built   # ./scope need not build again

echo "install.sh: 2/4 installing the Jupyter kernel (${location[*]})"
./scope install "${location[@]}"

echo "install.sh: 3/4 a first forward on the test weights (unpacks PyTorch's natives once)"
smoke="$(mktemp -d)"
trap 'rm -rf "$smoke"' EXIT
./scope forward --clip fixtures/tiny-clip --saes fixtures/tiny-scope --layers 5 \
  --images fixtures/images/astronaut.png --out "$smoke/smoke.safetensors"

if [ -n "$weights" ]; then
  echo "install.sh: 4/4 fetching the weights for layers $weights"
  if ! ./scope weights --fetch --layers "$weights"; then
    echo "install.sh: the weights could not be fetched now; the first %scope load will download them."
  fi
else
  echo "install.sh: 4/4 no weights asked for (--weights); the first %scope load downloads them."
fi
echo "install.sh: done."
