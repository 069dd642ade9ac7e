#!/usr/bin/env bash
# Two or more builds of `zheng` timed against each other on one shape kept by
# `KEEP=DIR benches/count-shapes.sh` (BENCHMARKS.md, issue 23): `zheng count --json` run RUNS times
# per build, the builds alternating run by run (so a slow minute slows them all alike), the boxes
# read into the page cache again before each run (DAMON pages out file pages it judges cold); the
# median and the least wall time per build, in milliseconds, under bash's own clock.
# Usage: benches/count-ab.sh DIR SHAPE RUNS BIN…
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: $0 DIR SHAPE RUNS BIN…" >&2; exit 2; }
d=$1/$2
shape=$2
runs=$3
shift 3
. "$(dirname "$0")/timing.sh"
files=("$d"/boxes/*.jsonl)
run() { "$1" count --election "$d/e.toml" "${files[@]}" --json || [ $? -eq 1 ]; }
for _ in $(seq "$runs"); do
  for b in "$@"; do
    cat "${files[@]}" > /dev/null
    clock "$b" run "$b"
  done
done
for b in "$@"; do
  least=$(tr ' ' '\n' <<<"${wall[$b]}" | grep -v '^$' | sort -n | head -1)
  echo "$b: median $(echo "${wall[$b]}" | median) s, least $least s ($runs runs, $shape)"
done
