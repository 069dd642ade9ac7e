# Sourced by the whole-process benchmarks. `clock NAME COMMAND…` runs a command (output discarded)
# under bash's own clock and appends its wall time and CPU time (user + system), to the millisecond
# and with no extra process, to ${wall[NAME]} and ${cpu[NAME]}; `median` prints the median of the
# numbers on its input.
declare -A wall cpu
clock() {
  local n=$1 out w u s TIMEFORMAT='%3R %3U %3S'
  shift
  out=$( { time "$@" >/dev/null; } 2>&1 | tail -1)
  read -r w u s <<<"$out"
  wall[$n]+="$w "; cpu[$n]+="$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}') "
}
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
