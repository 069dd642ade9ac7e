#!/usr/bin/env bash
# The instructions `zheng count --json` executes on each shape kept by `KEEP=DIR benches/count-shapes.sh`
# (BENCHMARKS.md, issue 23), for one or more binaries side by side: valgrind's callgrind counts
# instructions, not seconds — the same count whatever else the machine is doing, so two builds can be
# compared in an hour when wall time is not to be trusted. (valgrind hides SHA-NI from the program:
# hashing counts more here than it costs on the machine.)
# Usage: benches/count-instructions.sh DIR BIN… ; SHAPES="default many-boxes" to choose the shapes.
set -euo pipefail
dir=$1
shift
[ $# -gt 0 ] || { echo "usage: $0 DIR BIN…" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install -y valgrind)" >&2; exit 2; }
shapes=(${SHAPES:-default write-ins distinct large one-box many-boxes})
bins=()
for b in "$@"; do bins+=("$(realpath "$b")"); done
printf '| shape |'; for b in "$@"; do printf ' %s |' "$b"; done; printf '\n|---|'; for _ in "$@"; do printf -- '---|'; done; echo
for shape in "${shapes[@]}"; do
  d="$dir/$shape"
  [ -f "$d/e.toml" ] || { echo "$d: no kept shape (run KEEP=$dir benches/count-shapes.sh first)" >&2; exit 2; }
  printf '| %s |' "$shape"
  for b in "${bins[@]}"; do
    n=$(cd "$d" && valgrind --tool=callgrind --callgrind-out-file=/dev/null "$b" count \
          --election e.toml boxes/*.jsonl --json 2>&1 >/dev/null | sed -n 's/.*Collected : //p')
    printf ' %s M |' "$(( n / 1000000 ))"
  done
  echo
done
