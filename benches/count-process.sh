#!/usr/bin/env bash
# `zheng count` as a whole process, from JSON Lines files on disk to the outcome JSON: generates
# 1,000,000 ballots of the demo's 4-post ballot in 4 boxes, counts them 7 times, prints the median.
# Usage: benches/count-process.sh [BALLOTS_PER_BOX]
set -euo pipefail
cd "$(dirname "$0")/.."
per_box=${1:-250000}
. benches/count-input.sh
bytes=$(cat "$dir"/*.jsonl | wc -c)
times=()
for _ in 1 2 3 4 5 6 7; do
  t0=$(date +%s%N)
  target/release/zheng count --election "$e" "$dir"/*.jsonl --json >/dev/null || [ $? -eq 1 ]
  t1=$(date +%s%N)
  times+=($(( (t1 - t0) / 1000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 4p)
ballots=$(( per_box * 4 ))
echo "zheng count: $ballots ballots, $((bytes / 1048576)) MiB, median of 7: $((median / 1000)) ms," \
  "$(( ballots * 1000000 / median )) ballots/s (runs in µs: ${times[*]})"
