# Sourced by the whole-process count benchmarks: builds the release binaries and generates the
# input — the demo's 4-post ballot, 4 boxes of $per_box ballots each (seed 7), under a register large
# enough for them (no box may claim more voters than the whole register) — into a temporary $dir,
# removed on exit; the manifest is $e. With DISTINCT=1 every ballot line is then made distinct
# without changing what it says (benches/distinct.awk: spaces after ':' and ',' spelling the line's
# number): the worst case for counting, where no line repeats.
cargo build -q --release --workspace
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
e="$dir/election.toml"
sed -e '/^\[\[station\]\]/,$ {/^registered = /d}' \
  -e "s/^registered = 1500\$/registered = $(( per_box * 44 / 10 ))/" fixtures/kengtou-vc/election.toml > "$e"
target/release/station-sim generate --election "$e" --out-dir "$dir" --ballots "$per_box" --seed 7 >/dev/null
if [ "${DISTINCT:-0}" = 1 ]; then
  for f in "$dir"/*.jsonl; do awk -f benches/distinct.awk "$f" > "$f.d" && mv "$f.d" "$f"; done
fi
