#!/usr/bin/env bash
# `zheng close` of one box as a whole process — count, canonical records, the invariant recount,
# Merkle root, signature, the published ballots and the result written and synced to disk — beside
# `wc -l` over the same box, alternating, RUNS times: median wall and CPU time of each process
# (benches/timing.sh) and peak memory (GNU time). Default: one box of 1,000,000 ballots (seed 7).
# DISTINCT=1: no ballot line repeats (benches/distinct.awk).
# Usage: benches/close-process.sh [BALLOTS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
ballots=${1:-1000000}
runs=${2:-9}
. benches/one-box-input.sh
if [ "${DISTINCT:-0}" = 1 ]; then awk -f benches/distinct.awk "$dir/central.jsonl" > "$dir/d" && mv "$dir/d" "$dir/central.jsonl"; fi
box="$dir/central.jsonl"
cat "$box" > /dev/null
close=(target/release/zheng close --election "$dir/e.toml" --key "$dir/k" "$box" --out "$dir/r.zres" --closed-at 2020-11-18T17:30:00Z)
. benches/timing.sh
for _ in $(seq "$runs"); do
  clock "wc -l" wc -l "$box"
  # The last run's files removed outside the clock, and the removal committed: unlinking a synced
  # 64 MiB file takes the file system some 18 ms, which is not closing a box.
  rm -f "$dir/r.zres" "$dir/r.ballots.jsonl"
  sync -f "$dir"
  clock close "${close[@]}"
done
rm -f "$dir/r.zres" "$dir/r.ballots.jsonl"
peak=$( { /usr/bin/time -f "%M" target/release/zheng close --election "$dir/e.toml" --key "$dir/k" "$box" --out "$dir/r.zres" >/dev/null; } 2>&1 | tail -1)
echo "$ballots ballots in one box, $(( $(wc -c < "$box") / 1048576 )) MiB, $(sed 1d "$box" | sort -u | wc -l) distinct lines, median of $runs:"
echo "  wc -l: wall $(echo "${wall[wc -l]}" | median) s, CPU $(echo "${cpu[wc -l]}" | median) s"
echo "  zheng close: wall $(echo "${wall[close]}" | median) s, CPU $(echo "${cpu[close]}" | median) s, peak $(( peak / 1024 )) MiB"
