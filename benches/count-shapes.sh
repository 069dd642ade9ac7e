#!/usr/bin/env bash
# `zheng count --json` on every shape of input users have (BENCHMARKS.md, issue 23), each beside
# `wc -l` (the I/O floor), the naive peer (`station-sim peer-count`: serde_json `Value` + tallystick,
# one thread) and the competent peer (`station-sim peer-count --competent`: sonic-rs per line, a box
# per rayon task, a hash-map tally) — neither peer applies any validity rule. Files in the page
# cache (read again before each command); each command run RUNS times, the four alternating, the
# median wall and CPU (user + system) time printed. Shapes, BALLOTS ballots each (generated, seed 7):
#   default     the demo's 4-post ballot, 4 boxes, the generator's rates (a line repeats ~35 times)
#   write-ins   the same, 30% of posts with a written-in name (most ballots hold one)
#   distinct    the default boxes with no line repeating (benches/distinct.awk)
#   large       a 10-post ballot, 30 candidates, 4 approve posts (benches/large-ballot.py), 4 boxes
#   one-box     the demo's ballot, all in one box
#   many-boxes  the demo's ballot in 10,000 boxes (BALLOTS / 10,000 each)
# Usage: benches/count-shapes.sh [BALLOTS] [RUNS] [SHAPE…]
# KEEP=DIR: the shapes are generated into DIR/SHAPE once and kept (a later run with the same DIR
# times them again without generating them: a quiet window is spent on timing only).
set -euo pipefail
cd "$(dirname "$0")/.."
ballots=${1:-1000000}
runs=${2:-5}
shift $(( $# > 2 ? 2 : $# ))
shapes=("$@")
[ ${#shapes[@]} -gt 0 ] || shapes=(default write-ins distinct large one-box many-boxes)
cargo build -q --release --workspace
if [ -n "${KEEP:-}" ]; then
  work=$KEEP
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
. benches/timing.sh
registered=$(( ballots * 11 / 10 + 100000 ))

# The demo's manifest with STATIONS stations (s00001…) and the register large enough.
demo_manifest() {
  sed -e '/^\[\[station\]\]/,$d' -e "s/^registered = 1500\$/registered = $registered/" fixtures/kengtou-vc/election.toml
  seq -f "s%05g" "$1" | awk '{printf "[[station]]\nid = \"%s\"\nname = \"%s\"\nkind = \"station\"\n\n", $1, $1}'
}

# Writes shape $1's manifest and boxes into $work/$1; prints the manifest's path.
make_shape() {
  local d="$work/$1" gen=()
  if [ -n "${KEEP:-}" ] && [ -f "$d/e.toml" ]; then return; fi
  mkdir -p "$d/boxes"
  case "$1" in
    default | distinct) demo_manifest 4 > "$d/e.toml"; gen=(--ballots $(( ballots / 4 ))) ;;
    write-ins) demo_manifest 4 > "$d/e.toml"; gen=(--ballots $(( ballots / 4 )) --write-in 0.3) ;;
    large) python3 benches/large-ballot.py "$registered" > "$d/e.toml"; gen=(--ballots $(( ballots / 4 ))) ;;
    one-box) demo_manifest 1 > "$d/e.toml"; gen=(--ballots "$ballots") ;;
    many-boxes) demo_manifest 10000 > "$d/e.toml"; gen=(--ballots $(( ballots / 10000 ))) ;;
  esac
  target/release/station-sim generate --election "$d/e.toml" --out-dir "$d/boxes" --seed 7 "${gen[@]}" >/dev/null
  if [ "$1" = distinct ]; then
    for f in "$d"/boxes/*.jsonl; do awk -f benches/distinct.awk "$f" > "$f.d" && mv "$f.d" "$f"; done
  fi
}

# The box files of the shape timed, listed once before its runs: bash expanding and sorting
# `boxes/*.jsonl` takes 12–16 ms for 10,000 files on this machine, the shell's work and not the
# command's, and was timed with each command before the sixteenth session.
files=()
# The command line of NAME on shape SHAPE, in ${line[@]}: built before the clock starts, and timed as
# a process (benches/timing.sh).
command_line() { # NAME SHAPE
  local d="$work/$2"
  case "$1" in
    wc) line=(wc -l "${files[@]}") ;;
    zheng) line=(target/release/zheng count --election "$d/e.toml" "${files[@]}" --json) ;;
    naive) line=(target/release/station-sim peer-count "${files[@]}") ;;
    competent) line=(target/release/station-sim peer-count --competent "${files[@]}") ;;
  esac
}

names=(wc zheng naive competent)
printf '| shape | MiB | lines repeat | wc -l | zheng count (CPU) | M ballots/s | naive peer | competent peer (CPU) | zheng vs competent | zheng vs wc |\n|---|---|---|---|---|---|---|---|---|---|\n'
for shape in "${shapes[@]}"; do
  make_shape "$shape"
  d="$work/$shape"
  files=("$d"/boxes/*.jsonl)
  for n in "${names[@]}"; do wall[$n]=""; cpu[$n]=""; done
  for _ in $(seq "$runs"); do
    for n in "${names[@]}"; do
      # The boxes read into the page cache again right before each command, untimed: this
      # machine's kernel pages out file pages it judges cold within seconds (DAMON), and a
      # page read back from disk in a timed run times the disk, not the command.
      command_line "$n" "$shape"
      find "$d/boxes" -name '*.jsonl' -print0 | xargs -0 cat > /dev/null
      # (zheng's status 1: a count whose outcome is not final, which is still a count.)
      clock "$n" "${line[@]}" || { s=$?; [[ $n == zheng && $s == 1 ]]; }
    done
  done
  declare -A w c
  for n in "${names[@]}"; do w[$n]=$(echo "${wall[$n]}" | median); c[$n]=$(echo "${cpu[$n]}" | median); done
  mib=$(( $(find "$d/boxes" -name '*.jsonl' -print0 | xargs -0 cat | wc -c) / 1048576 ))
  repeat=$(find "$d/boxes" -name '*.jsonl' -print0 | xargs -0 cat | awk '{n++; s[$0]=1} END {printf "%.1f", n / length(s)}')
  awk -v s="$shape" -v mib="$mib" -v rep="$repeat" -v b="$ballots" -v wc="${w[wc]}" -v z="${w[zheng]}" -v zc="${c[zheng]}" \
    -v n="${w[naive]}" -v p="${w[competent]}" -v pc="${c[competent]}" 'BEGIN {
      printf "| %s | %d | %s× | %.3f s | %.3f s (%.3f s) | %.1f | %.3f s | %.3f s (%.3f s) | %.1f× | %.1f× |\n",
        s, mib, rep, wc, z, zc, b / z / 1e6, n, p, pc, p / z, z / wc }'
  [ -n "${KEEP:-}" ] || rm -rf "$d"
done
echo "($ballots ballots a shape, median of $runs runs each, the four commands alternating; $(nproc) cores)"
