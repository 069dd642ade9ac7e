# Sourced by the whole-process benchmarks. `clock NAME COMMAND ARG…` runs a command (an external
# command, not a shell function; output discarded) and appends its wall time and CPU time (user +
# system) to ${wall[NAME]} and ${cpu[NAME]}, in seconds, timed by `benches/clock.py` — which starts
# its clock after this shell has expanded the command's arguments, not before (bash's own `time`
# counted the 11 ms bash takes to expand ten thousand paths into a command's arguments, for every
# command on ten thousand boxes: issue 23; its CPU time also had the shell's own in it). Returns the
# command's exit status (125 if it could not be timed). `median` prints the median of the numbers on
# its input.
declare -A wall cpu
clock() {
  local n=$1 w c status
  shift
  read -r w c status < <(python3 "$(dirname "${BASH_SOURCE[0]}")/clock.py" "$@") || return 125
  wall[$n]+="$w "
  cpu[$n]+="$c "
  return "$status"
}
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
