# Sourced by the whole-process count benchmarks: builds the release binaries and generates the
# input — the demo's 4-post ballot, 4 boxes of $per_box ballots each (seed 7), under a register large
# enough for them (no box may claim more voters than the whole register) — into a temporary $dir,
# removed on exit; the manifest is $e.
cargo build -q --release --workspace
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
e="$dir/election.toml"
sed -e '/^\[\[station\]\]/,$ {/^registered = /d}' \
  -e "s/^registered = 1500\$/registered = $(( per_box * 44 / 10 ))/" fixtures/kengtou-vc/election.toml > "$e"
target/release/station-sim generate --election "$e" --out-dir "$dir" --ballots "$per_box" --seed 7 >/dev/null
