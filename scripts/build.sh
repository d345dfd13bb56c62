#!/bin/bash
# Configure (once) and build one build folder.
#   build.sh DIR [meson options...]
set -eu
cd "$(dirname "$0")/.."
dir=$1
shift
if [ ! -f "$dir/build.ninja" ]; then
	meson setup "$dir" "$@" >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log" >&2; exit 1; }
	rm -f "$dir.setup.log"
fi
ninja -C "$dir" >"$dir.log" 2>&1 || { grep -E "error|warning" -A5 "$dir.log" | head -60 >&2; echo "error: build of $dir failed (log: $dir.log)" >&2; exit 1; }
rm -f "$dir.log"
