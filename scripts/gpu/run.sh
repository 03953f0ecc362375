#!/bin/bash
# What runs on the GPU machine (issue #17), from the folders `npm run gpu:bundle` prepares
# (.gpu-bundle: node and the Vulkan/GL loaders; .gpu-run: the bundled measurements, dawn.node, the
# data): unpacks them, points Vulkan at the NVIDIA driver and runs every part, writing
# gpu-run.jsonl and gpu-run.md to $OUT. `--smoke` runs the same here on SwiftShader with the
# local node, a tiny model and seconds per part; other arguments go to measure.mjs (--fail-part).
set -u
cd "$(dirname "$0")/../.."
smoke=0
for a in "$@"; do [ "$a" = --smoke ] && smoke=1; done
export OUT="${OUT:-/tmp/gpu-run-out}"
mkdir -p "$OUT"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"
unxz_to() { python3 -c "import lzma,shutil,sys;shutil.copyfileobj(lzma.open(sys.argv[1]),open(sys.argv[2],'wb'))" "$1" "$2"; }
if [ "$smoke" = 1 ]; then
  export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
  node=$(command -v node)
else
  for f in .gpu-bundle/*.deb; do dpkg -x "$f" /; done
  ldconfig
  if [ -z "${VK_ICD_FILENAMES:-}" ]; then
    for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
      [ -f "$icd" ] && { export VK_ICD_FILENAMES="$icd"; break; }
    done
  fi
  echo "VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-none found}; $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>&1 | head -1)" | tee "$OUT/machine.txt"
  node=/tmp/node
  [ -x "$node" ] || { unxz_to .gpu-bundle/node.xz "$node" && chmod +x "$node"; }
fi
dawn=.gpu-run/node_modules/webgpu/dist/linux-x64
mkdir -p "$dawn"
if [ "$smoke" = 1 ]; then
  # A link to the installed one: nothing large is left in .gpu-run to be carried.
  rm -f "$dawn/dawn.node" && ln -s "$PWD/node_modules/webgpu/dist/linux-x64/dawn.node" "$dawn/dawn.node"
elif [ -L "$dawn/dawn.node" ] || [ ! -e "$dawn/dawn.node" ]; then
  rm -f "$dawn/dawn.node" && unxz_to "$dawn/dawn.node.xz" "$dawn/dawn.node"
fi
data=.gpu-run/data
[ -d "$data/hc18_fetal_head_us" ] || data=../shared/data
# The suite's smoke test brings its own generated data, so it runs the same on a clone without ../shared.
[ -n "${GPU_RUN_DATA:-}" ] && data=$GPU_RUN_DATA
exec "$node" .gpu-run/measure.mjs --out "$OUT" --data "$data" "$@"
