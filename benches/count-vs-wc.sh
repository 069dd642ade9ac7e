#!/usr/bin/env bash
# `zheng count --json` as a whole process beside `wc -l` (the I/O floor) over the same files, in one
# run: 1,000,000 ballots of the demo's 4-post ballot in 4 boxes (generated, seed 7), each command run
# 5 times, alternating; prints the median wall time, the median CPU time (user + system) and the peak
# memory of each, beside the naive peer (`station-sim peer-count`: serde_json `Value` per line +
# tallystick plurality, one thread, no validity rules). BASELINE=path/to/an/older/zheng adds that
# binary, alternating with the others. Wall and CPU time of each process (benches/timing.sh), peak
# memory from GNU time. DISTINCT=1: no ballot line repeats (see benches/count-input.sh).
# Usage: benches/count-vs-wc.sh [BALLOTS_PER_BOX] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
per_box=${1:-250000}
runs=${2:-5}
. benches/count-input.sh
boxes=("$dir"/*.jsonl)
cat "${boxes[@]}" > /dev/null   # warm the page cache
. benches/timing.sh
declare -A mem
names=("wc -l" "zheng count" "peer")
if [ -n "${BASELINE:-}" ]; then names+=(baseline); fi
# The command line of NAME, in ${line[@]}: built before the clock starts (benches/timing.sh).
command_line() {
  case "$1" in
    "wc -l") line=(wc -l "${boxes[@]}") ;;
    "zheng count") line=(target/release/zheng count --election "$e" "${boxes[@]}" --json) ;;
    baseline) line=("$BASELINE" count --election "$e" "${boxes[@]}" --json) ;;
    peer) line=(target/release/station-sim peer-count "${boxes[@]}") ;;
  esac
}
for _ in $(seq "$runs"); do
  for n in "${names[@]}"; do
    command_line "$n"
    # (zheng's status 1: a count whose outcome is not final, which is still a count.)
    clock "$n" "${line[@]}" || { s=$?; [[ $n != peer && $n != "wc -l" && $s == 1 ]]; }
  done
done
for n in "${names[@]}"; do   # peak memory, once each (GNU time)
  command_line "$n"
  mem[$n]=$( { /usr/bin/time -f "%M" "${line[@]}" >/dev/null; } 2>&1 | tail -1)
done
ballots=$(( per_box * 4 ))
echo "$ballots ballots, $(( $(cat "${boxes[@]}" | wc -c) / 1048576 )) MiB, median of $runs:"
for n in "${names[@]}"; do
  w=$(echo "${wall[$n]}" | median); c=$(echo "${cpu[$n]}" | median); m=${mem[$n]}
  echo "  $n: wall ${w} s, CPU ${c} s, peak $(( m / 1024 )) MiB, $(awk -v b="$ballots" -v w="$w" 'BEGIN {printf "%.1f", b / w / 1e6}') M ballots/s (wall)"
done
