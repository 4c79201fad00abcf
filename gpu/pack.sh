#!/usr/bin/env bash
# gpu/pack.sh: packs what gpu/run.sh needs on a machine with a CUDA PyTorch, no Java and no network, into one
# ignored folder (default .gpu-pack/): a jlinked Java runtime with the JDK's JNI headers, the engine's jars
# without DJL's CPU natives, DJL v0.36.0's PyTorch JNI sources (copied from a DJL checkout you give; never
# committed here) with the JNI header generated from them, and CPU results of the fixtures for run.sh to
# compare against. Run it through ./scope gpu-pack, which builds the project first.
#
# usage: gpu/pack.sh --djl-src DIR [--out .gpu-pack] [--jni FILE]
#   --djl-src  a checkout of github.com/deepjavalibrary/djl at v0.36.0 (a work tree, or a bare git dir holding that tag)
#   --jni      a libdjl_torch.so that an earlier run.sh built for the GPU machine's libtorch (run.sh then skips the build)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DJL_VERSION=0.36.0
LIMIT=$((64 * 1024 * 1024))
MODULES=java.base,java.desktop,java.management,java.net.http,java.sql,java.logging,jdk.unsupported

die() { echo "scope gpu-pack: $*" >&2; exit 1; }

djl_src="" out="$ROOT/.gpu-pack" jni=""
while [ $# -gt 0 ]; do
  case "$1" in
    --djl-src) djl_src="${2:?--djl-src needs a folder}"; shift 2 ;;
    --out) out="${2:?--out needs a folder}"; shift 2 ;;
    --jni) jni="${2:?--jni needs a file}"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
    *) die "unknown option '$1'; run ./scope gpu-pack --help." ;;
  esac
done
[ -n "$djl_src" ] || die "--djl-src is required: a checkout of DJL v$DJL_VERSION (git clone --branch v$DJL_VERSION https://github.com/deepjavalibrary/djl)."
[ -d "$djl_src" ] || die "--djl-src $djl_src is not a folder."
[ -z "$jni" ] || [ -f "$jni" ] || die "--jni $jni is not a file."

JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
for tool in jlink javac javap jar; do
  [ -x "$JAVA_HOME/bin/$tool" ] || die "$JAVA_HOME has no bin/$tool; set JAVA_HOME to a full JDK 17."
done
[ -d "$JAVA_HOME/jmods" ] || die "$JAVA_HOME has no jmods/ for jlink; install the JDK's jmods (Debian: openjdk-17-jdk-headless)."
[ "$(uname -m)" = x86_64 ] || die "this machine is $(uname -m); the GPU machine is x86-64, so pack on an x86-64 machine."
LIB="$ROOT/cli/target/lib"
[ -d "$LIB" ] && [ -d "$ROOT/cli/target/classes" ] || die "cli/target has no build; run ./scope gpu-pack, which builds first."
api_jar="$(ls "$LIB"/api-"$DJL_VERSION".jar 2>/dev/null)" || die "$LIB has no DJL api-$DJL_VERSION.jar."
engine_jar="$(ls "$LIB"/pytorch-engine-"$DJL_VERSION".jar 2>/dev/null)" || die "$LIB has no pytorch-engine-$DJL_VERSION.jar."

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
KIT="$STAGE/kit"
mkdir -p "$KIT/lib" "$KIT/djl/native" "$KIT/djl/include/djl" "$KIT/reference"

# --- DJL's PyTorch JNI sources, from the checkout given (a work tree, or a bare git dir with the tag)
src="$STAGE/djl-src"
if [ -d "$djl_src/engines/pytorch/pytorch-native" ]; then
  src="$djl_src"
  djl_rev="$(git -C "$djl_src" describe --tags --always 2>/dev/null || echo "unknown (not a git work tree)")"
elif git --git-dir="$djl_src" rev-parse --verify -q "v$DJL_VERSION^{commit}" >/dev/null; then
  mkdir -p "$src"
  git --git-dir="$djl_src" archive "v$DJL_VERSION" engines/pytorch/pytorch-native/src/main/native \
      api/src/main/native/djl engines/pytorch/pytorch-engine/src/main/java | tar -x -C "$src"
  djl_rev="v$DJL_VERSION $(git --git-dir="$djl_src" rev-parse "v$DJL_VERSION^{commit}")"
else
  die "--djl-src $djl_src holds neither engines/pytorch/pytorch-native nor the tag v$DJL_VERSION."
fi
native="$src/engines/pytorch/pytorch-native/src/main/native"
library="$src/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
[ -f "$src/api/src/main/native/djl/utils.h" ] && [ -f "$library" ] && ls "$native"/*.cc >/dev/null 2>&1 \
  || die "--djl-src $djl_src lacks DJL's JNI sources (engines/pytorch/pytorch-native/src/main/native, api/src/main/native/djl)."
cp "$native"/*.cc "$native"/*.h "$KIT/djl/native/"
cp "$src/api/src/main/native/djl/utils.h" "$KIT/djl/include/djl/"
# the JNI header, generated from the Java side's native methods; they must be those of the pytorch-engine jar we run
"$JAVA_HOME/bin/javac" -nowarn -cp "$api_jar" -sourcepath "$src/engines/pytorch/pytorch-engine/src/main/java" \
    -h "$KIT/djl/include" -d "$STAGE/classes" "$library"
natives() { "$JAVA_HOME/bin/javap" -p "$@" ai.djl.pytorch.jni.PyTorchLibrary | grep ' native ' | sort; }
if ! diff <(natives -cp "$STAGE/classes") <(natives -cp "$engine_jar") >"$STAGE/natives.diff"; then
  die "the DJL sources in $djl_src declare other native methods than pytorch-engine-$DJL_VERSION.jar (see below); check out v$DJL_VERSION.
$(head -n 20 "$STAGE/natives.diff")"
fi
echo "scope gpu-pack: DJL JNI sources from $djl_rev ($(ls "$KIT/djl/native"/*.cc | wc -l) sources; native methods match pytorch-engine-$DJL_VERSION.jar)"

# --- the engine's jars, without DJL's CPU natives and JNI (the GPU machine builds its own against its libtorch),
# and without DJL's tokenizers (19 MB of natives for four platforms; ./scope text is no part of the GPU check)
for jar in "$LIB"/*.jar; do
  case "$(basename "$jar")" in
    pytorch-native-*|pytorch-jni-*|tokenizers-*) ;;
    *) cp "$jar" "$KIT/lib/" ;;
  esac
done
"$JAVA_HOME/bin/jar" --create --file "$KIT/lib/scope-cli.jar" -C "$ROOT/cli/target/classes" .
[ -z "$jni" ] || { mkdir -p "$KIT/jni" && cp "$jni" "$KIT/jni/$DJL_VERSION-libdjl_torch.so"; }

# --- a Java runtime for x86-64 Linux, and the JDK's JNI headers for the build
echo "scope gpu-pack: jlink ($MODULES)..."
# uncompressed modules: xz packs them far smaller than jlink's zip does (JDK 21 names that level zip-0)
jlink() { rm -rf "$KIT/jre"; "$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages \
    --no-header-files "--compress=$1" --output "$KIT/jre"; }
jlink zip-0 >/dev/null 2>&1 || jlink 0
command -v strip >/dev/null && strip --strip-unneeded "$KIT/jre/lib/server/libjvm.so"
mkdir -p "$KIT/jre/include/linux"
cp "$JAVA_HOME/include/jni.h" "$KIT/jre/include/"
cp "$JAVA_HOME/include/linux/jni_md.h" "$KIT/jre/include/linux/"

# --- CPU results of the fixtures, with DJL's own libtorch 2.7.1 CPU natives, for run.sh to compare against
echo "scope gpu-pack: CPU references of the fixtures..."
cli() { "$ROOT/scope" "$@" >"$STAGE/cli.log" 2>&1 || { cat "$STAGE/cli.log" >&2; die "./scope $1 failed (above)."; }; }
images="$(ls "$ROOT"/fixtures/images/*.png | tr '\n' , | sed 's/,$//')"
cli forward --clip "$ROOT/fixtures/tiny-clip" --saes "$ROOT/fixtures/tiny-scope" --layers 2,5 --device cpu \
    --pixel-values "$ROOT/fixtures/expected.safetensors:pixel_values" --out "$KIT/reference/fixtures-cpu.safetensors"
cli forward --clip "$ROOT/fixtures/tiny-clip" --saes "$ROOT/fixtures/tiny-scope" --layers 2,5 --device cpu \
    --images "$images" --out "$KIT/reference/images-cpu.safetensors"
echo "$images" | tr , '\n' | sed "s|^$ROOT/||" >"$KIT/reference/images.txt"

commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty="$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo ' (with uncommitted changes)' || true)"
{
  echo "scope GPU kit, packed $(date -u +%Y-%m-%dT%H:%M:%SZ) from commit $commit$dirty"
  echo "java runtime: $("$KIT/jre/bin/java" -version 2>&1 | head -n 1), modules $MODULES"
  echo "DJL JNI sources: $djl_rev"
  echo "prebuilt JNI: ${jni:-none (run.sh builds it)}"
  echo "jars: $(cd "$KIT/lib" && ls | tr '\n' ' ')"
} >"$KIT/MANIFEST.txt"

# --- one xz archive: the runtime's modules file compresses from ~50 MB to ~12 MB
mkdir -p "$out"
rm -f "$out/kit.tar.xz" "$out/MANIFEST.txt"
echo "scope gpu-pack: compressing..."
tar -C "$STAGE" -cf - kit | xz -6 -T0 >"$out/kit.tar.xz.incomplete"
mv "$out/kit.tar.xz.incomplete" "$out/kit.tar.xz"
cp "$KIT/MANIFEST.txt" "$out/MANIFEST.txt"

# --- what one device call carries: the tracked and untracked-not-ignored files, shared/ if inside, and the pack
travel="$(cd "$ROOT" && { git ls-files -z; git ls-files -z --others --exclude-standard; } \
    | xargs -0 -r stat -L -c %s 2>/dev/null | awk '{s += $1} END {print s + 0}')"
shared=0
[ -d "$ROOT/shared" ] && shared="$(du -sb "$ROOT/shared" | cut -f1)"
pack="$(du -sb "$out" | cut -f1)"
total=$((travel + shared + pack))
mib() { awk -v b="$1" 'BEGIN {printf "%.1f MiB", b / 1048576}'; }
echo "scope gpu-pack: $out/kit.tar.xz $(mib "$pack"); with the working tree ($(mib "$travel")) and shared/ ($(mib "$shared")):" \
     "$(mib "$total") of the 64 MiB one device call carries"
[ "$total" -le "$LIMIT" ] || die "that is over 64 MiB: ignore or remove large untracked files, or pack less."
rel="${out#"$ROOT"/}"
cat <<EOF

The device call (paste into the device tool's run; one call does everything, about 6 minutes):
  carry:     ["$rel"]
  timeout_s: 600
  command:   gpu/run.sh --pack $rel --out "\$OUT"
It builds DJL's JNI against the machine's libtorch, checks parity, times ours beside gpu/peer.py, and leaves
report.md, bench.md, bench.json, logs.tar.gz and the built $DJL_VERSION-libdjl_torch.so in \$OUT. Copy that library
into $rel/ and a later call skips the build (add --steps bench, say, to run one step again).
EOF
