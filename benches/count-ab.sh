#!/usr/bin/env bash
# Builds of `zheng` timed against each other on one shape kept by `KEEP=DIR benches/count-shapes.sh`
# (BENCHMARKS.md, issue 23): `zheng count --json` run RUNS times per build, the builds alternating
# run by run — in reverse order every other round, so that none always follows another — and the
# boxes read into the page cache again before each run (DAMON pages out file pages it judges cold).
# Each build is run once first, untimed, its errors shown. Prints each build's median and least wall
# time, in seconds, each run timed as a process (benches/timing.sh).
# Usage: benches/count-ab.sh DIR SHAPE RUNS BIN…
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: $0 DIR SHAPE RUNS BIN…" >&2; exit 2; }
d=$1/$2
shape=$2
runs=$3
shift 3
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "RUNS must be a whole number above 0, not '$runs'" >&2; exit 2; }
. "$(dirname "$0")/timing.sh"
files=("$d"/boxes/*.jsonl)
args=(count --election "$d/e.toml" "${files[@]}" --json)
builds=("$@")
for b in "${builds[@]}"; do
  "$b" "${args[@]}" > /dev/null || [ $? -eq 1 ] || { echo "$b did not count $d (see its message above)" >&2; exit 2; }
done
for r in $(seq "$runs"); do
  order=("${builds[@]}")
  if [ $((r % 2)) -eq 0 ]; then
    order=()
    for ((i = ${#builds[@]} - 1; i >= 0; i--)); do order+=("${builds[i]}"); done
  fi
  for b in "${order[@]}"; do
    cat "${files[@]}" > /dev/null
    clock "$b" "$b" "${args[@]}" || [ $? -eq 1 ]
  done
done
for b in "${builds[@]}"; do
  least=$(tr ' ' '\n' <<<"${wall[$b]}" | grep -v '^$' | sort -n | head -1)
  echo "$b: median $(echo "${wall[$b]}" | median) s, least $least s ($runs runs, $shape)"
done
